import { LayoutDashboard } from "lucide-react";
import { lazy } from "react";

import type { FeatureRoute } from "@/app/feature-route";

const load = () => import("./components/dashboard-screen");

export default {
  path: "/",
  label: "Dashboard",
  icon: LayoutDashboard,
  order: 0,
  nav: true,
  element: lazy(load),
  preload: load,
} satisfies FeatureRoute;
