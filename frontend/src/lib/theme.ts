// Light, dark or the system's choice; saved in localStorage, applied as the `dark` class on <html>.
import { useSyncExternalStore } from "react";

export type ThemeChoice = "light" | "dark" | "system";

const KEY = "presswright-theme";
const listeners = new Set<() => void>();
const media = typeof window !== "undefined" ? window.matchMedia("(prefers-color-scheme: dark)") : null;

function stored(): ThemeChoice {
  try {
    const value = localStorage.getItem(KEY);
    return value === "light" || value === "dark" ? value : "system";
  } catch {
    return "system";
  }
}

let choice: ThemeChoice = typeof window !== "undefined" ? stored() : "system";

export function resolvedTheme(value: ThemeChoice = choice): "light" | "dark" {
  if (value === "system") return media?.matches ? "dark" : "light";
  return value;
}

/** Put the theme on the document (called once before the first render, then on each change). */
export function applyTheme(): void {
  const dark = resolvedTheme() === "dark";
  document.documentElement.classList.toggle("dark", dark);
}

export function setTheme(next: ThemeChoice): void {
  choice = next;
  try {
    if (next === "system") localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, next);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  applyTheme();
  for (const listener of listeners) listener();
}

media?.addEventListener("change", () => {
  if (choice === "system") {
    applyTheme();
    for (const listener of listeners) listener();
  }
});

window.addEventListener("storage", (event) => {
  if (event.key === KEY) {
    choice = stored();
    applyTheme();
    for (const listener of listeners) listener();
  }
});

export function useTheme(): { choice: ThemeChoice; resolved: "light" | "dark"; setTheme: typeof setTheme } {
  const current = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => `${choice}:${resolvedTheme()}`,
  );
  const [value, resolved] = current.split(":") as [ThemeChoice, "light" | "dark"];
  return { choice: value, resolved, setTheme };
}
