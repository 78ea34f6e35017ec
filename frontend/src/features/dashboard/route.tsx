import { LayoutDashboard } from "lucide-react";
import { lazy } from "react";

import type { FeatureRoute } from "@/app/feature-route";

export default {
  path: "/",
  label: "Dashboard",
  icon: LayoutDashboard,
  order: 0,
  nav: true,
  element: lazy(() => import("./components/dashboard-screen")),
} satisfies FeatureRoute;
