import { PenLine } from "lucide-react";

import type { FeatureRoute } from "@/app/feature-route";
import { preloadable } from "@/lib/preloadable";

import { runSection } from "./components/run-section-loader";

const screen = preloadable(() => import("./components/studio-screen"));

export default {
  path: "/studio",
  label: "Content Studio",
  icon: PenLine,
  order: 20,
  nav: true,
  element: screen.Component,
  // A page opened on a run (?run=) shows the run section, a chunk of its own: fetch both at once.
  preload: () => Promise.all([screen.preload(), new URLSearchParams(window.location.search).has("run") ? runSection.preload() : null]),
} satisfies FeatureRoute;
