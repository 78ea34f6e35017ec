import { ImageIcon } from "lucide-react";

import type { FeatureRoute } from "@/app/feature-route";
import { preloadable } from "@/lib/preloadable";

const screen = preloadable(() => import("./components/media-screen"));

export default {
  path: "/media",
  label: "Media Forge",
  icon: ImageIcon,
  order: 28,
  nav: true,
  element: screen.Component,
  preload: screen.preload,
} satisfies FeatureRoute;
