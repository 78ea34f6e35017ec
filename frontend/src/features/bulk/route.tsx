import { Layers } from "lucide-react";
import { lazy } from "react";

import type { FeatureRoute } from "@/app/feature-route";

export default {
  path: "/bulk/*",
  label: "Bulk Generator",
  icon: Layers,
  order: 45,
  nav: true,
  element: lazy(() => import("./components/bulk-screen")),
} satisfies FeatureRoute;
