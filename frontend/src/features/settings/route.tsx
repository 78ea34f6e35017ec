import { Settings } from "lucide-react";
import { lazy } from "react";

import type { FeatureRoute } from "@/app/feature-route";

export default {
  path: "/settings/*",
  navPath: "/settings",
  label: "Settings",
  icon: Settings,
  order: 90,
  nav: true,
  element: lazy(() => import("./components/settings-screen")),
} satisfies FeatureRoute;
