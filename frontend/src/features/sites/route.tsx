import { Globe } from "lucide-react";
import { lazy } from "react";

import type { FeatureRoute } from "@/app/feature-route";

export default {
  path: "/sites/*",
  label: "Sites",
  icon: Globe,
  order: 28,
  nav: true,
  element: lazy(() => import("./components/sites-screen")),
} satisfies FeatureRoute;
