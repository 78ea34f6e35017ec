import { collectRoutes, type FeatureRouteModule } from "./feature-route";

// Each feature's small route.tsx, eagerly: the screens themselves stay lazy chunks.
const modules = import.meta.glob<FeatureRouteModule>("../features/*/route.tsx", { eager: true });

export const featureRoutes = collectRoutes(modules);
export const navRoutes = featureRoutes.filter((route) => route.nav && !route.public);
