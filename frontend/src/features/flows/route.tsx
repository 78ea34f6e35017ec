import { Workflow } from "lucide-react";
import { lazy } from "react";

import type { FeatureRoute } from "@/app/feature-route";

export default {
  path: "/flows/*",
  label: "Flows",
  icon: Workflow,
  order: 50,
  nav: true,
  element: lazy(() => import("./components/flows-screen")),
} satisfies FeatureRoute;
