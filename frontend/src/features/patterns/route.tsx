import { LayoutTemplate } from "lucide-react";
import { lazy } from "react";

import type { FeatureRoute } from "@/app/feature-route";

export default {
  path: "/patterns",
  label: "Pattern designer",
  icon: LayoutTemplate,
  order: 30,
  nav: true,
  element: lazy(() => import("./components/patterns-screen")),
} satisfies FeatureRoute;
