import "./index.css";

import { startTransition, StrictMode } from "react";
import { createRoot } from "react-dom/client";

import { App } from "@/app/app";
import { restore } from "@/lib/session";
import { applyTheme } from "@/lib/theme";

// Before the first paint, so a dark theme never flashes light (no inline script: the CSP).
applyTheme();
// Restore the session from the refresh cookie while the first screen renders.
void restore();

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

// As a transition, so React renders the first screen in short slices instead of one long task
// (a phone's main thread stays free for input and the browser's own work meanwhile).
startTransition(() => {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
