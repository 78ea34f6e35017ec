import { BarChart3 } from "lucide-react";
import { lazy } from "react";

import type { FeatureRoute } from "@/app/feature-route";

const load = () => import("./components/usage-screen");

export default {
  path: "/usage",
  label: "Usage",
  icon: BarChart3,
  order: 80,
  nav: true,
  element: lazy(load),
  preload: load,
} satisfies FeatureRoute;
