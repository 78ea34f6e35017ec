import { LayoutDashboard } from "lucide-react";

import type { FeatureRoute } from "@/app/feature-route";
import { preloadable } from "@/lib/preloadable";

const screen = preloadable(() => import("./components/dashboard-screen"));

export default {
  path: "/",
  label: "Dashboard",
  icon: LayoutDashboard,
  order: 0,
  nav: true,
  element: screen.Component,
  preload: screen.preload,
} satisfies FeatureRoute;
