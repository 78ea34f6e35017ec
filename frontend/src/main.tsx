import "./index.css";

import { StrictMode } from "react";
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

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
