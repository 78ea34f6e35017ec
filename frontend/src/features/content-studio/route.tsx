import { PenLine } from "lucide-react";
import { lazy } from "react";

import type { FeatureRoute } from "@/app/feature-route";

export default {
  path: "/studio",
  label: "Content Studio",
  icon: PenLine,
  order: 20,
  nav: true,
  element: lazy(() => import("./components/studio-screen")),
} satisfies FeatureRoute;
