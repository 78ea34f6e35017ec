import { matchPath } from "react-router";

import { collectRoutes, type FeatureRouteModule } from "./feature-route";

// Each feature's small route.tsx, eagerly: the screens themselves stay lazy chunks.
const modules = import.meta.glob<FeatureRouteModule>("../features/*/route.tsx", { eager: true });

export const featureRoutes = collectRoutes(modules);
export const navRoutes = featureRoutes.filter((route) => route.nav && !route.public);

/**
 * Fetch the code of the signed-in screen at `pathname` (its route's `preload`), so it downloads
 * alongside the session's restore and the shell's first render instead of after them.
 */
export function preloadScreen(pathname: string): void {
  const route = featureRoutes.find((entry) => !entry.public && matchPath({ path: entry.path, end: true }, pathname));
  void route?.preload?.().catch(() => undefined); // a failure shows when the screen renders
}
