import { ShoppingBag } from "lucide-react";
import { lazy } from "react";

import type { FeatureRoute } from "@/app/feature-route";

export default {
  path: "/products",
  label: "Product Writer",
  icon: ShoppingBag,
  order: 25,
  nav: true,
  element: lazy(() => import("./components/product-screen")),
} satisfies FeatureRoute;
