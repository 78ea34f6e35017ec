import { preloadable } from "@/lib/preloadable";

/**
 * The Content Studio's run section (a run's progress, then its article with the editor, SEO panel
 * and actions), a chunk of its own: a new brief's first paint needs none of it. Shared by the
 * screen, which renders it, and route.tsx, which fetches it with the screen when the page opens
 * on a run (?run=).
 */
export const runSection = preloadable(() => import("./run-section"));
