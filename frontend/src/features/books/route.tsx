import { BookOpen } from "lucide-react";
import { lazy } from "react";

import type { FeatureRoute } from "@/app/feature-route";

export default {
  path: "/books/*",
  label: "Books",
  icon: BookOpen,
  order: 27,
  nav: true,
  element: lazy(() => import("./components/books-screen")),
} satisfies FeatureRoute;
