import type { LucideIcon } from "lucide-react";
import type { ComponentType } from "react";

/**
 * What every `src/features/<name>/route.tsx` default-exports (one object, or an array of them for
 * a feature with several screens). The router collects them all with import.meta.glob; a feature
 * adds a screen by adding its folder and never edits src/app/.
 *
 *   export default {
 *     path: "/library/*", label: "Library", icon: Library, order: 60, nav: true,
 *     element: lazy(() => import("./components/library-screen")),
 *   } satisfies FeatureRoute;
 *
 * `path` is absolute; end it with `/*` and use <Routes> inside to give a feature sub-screens
 * (`/library/:id`). The sidebar links to `navPath ?? path` (without the `/*`).
 */
export interface FeatureRoute {
  path: string;
  label: string;
  icon: LucideIcon;
  /** Position in the sidebar, smallest first. */
  order: number;
  /** Listed in the sidebar. */
  nav: boolean;
  /** The screen, loaded on demand: `lazy(() => import(...))`, or `preloadable(...).Component`. */
  element: ComponentType;
  /** Shown without the shell and without a session (sign-in, register). */
  public?: boolean;
  /** The sidebar's link when it differs from `path`. */
  navPath?: string;
  /**
   * Fetches the screen's code, called on page load while the session is still being restored:
   *   const screen = preloadable(() => import("./x"));  element: screen.Component, preload: screen.preload
   * (@/lib/preloadable; with `element: lazy(load), preload: load` the screen's first render still
   * suspends once, even when the code has arrived).
   */
  preload?: () => Promise<unknown>;
}

export type FeatureRouteModule = { default: FeatureRoute | FeatureRoute[] };

/** Every feature's routes, sidebar order first. */
export function collectRoutes(modules: Record<string, FeatureRouteModule>): FeatureRoute[] {
  return Object.keys(modules)
    .sort()
    .flatMap((key) => {
      const exported = modules[key]?.default;
      return exported === undefined ? [] : Array.isArray(exported) ? exported : [exported];
    })
    .sort((a, b) => a.order - b.order || a.label.localeCompare(b.label));
}

/** The sidebar's link for a route: its navPath, or its path without a trailing `/*`. */
export function navTarget(route: FeatureRoute): string {
  return route.navPath ?? (route.path.replace(/\/\*$/, "") || "/");
}
