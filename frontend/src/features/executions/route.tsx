import { Activity } from "lucide-react";
import { lazy } from "react";

import type { FeatureRoute } from "@/app/feature-route";

export default {
  path: "/executions/*",
  label: "Executions",
  icon: Activity,
  order: 55,
  nav: true,
  element: lazy(() => import("./components/executions-screen")),
} satisfies FeatureRoute;
