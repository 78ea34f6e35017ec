import { Library } from "lucide-react";
import { lazy } from "react";

import type { FeatureRoute } from "@/app/feature-route";

export default {
  path: "/library/*",
  label: "Library",
  icon: Library,
  order: 60,
  nav: true,
  element: lazy(() => import("./components/library-screen")),
} satisfies FeatureRoute;
