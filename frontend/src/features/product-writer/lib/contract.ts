import type { components } from "@/lib/api/schema";
import { directionOf } from "@/lib/direction";

export type Language = components["schemas"]["ProductCopy"]["language"];

/** One entry per non-empty line. */
export function lines(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
}

/** The page a sandboxed frame shows: the title (escaped) and the server-checked description HTML. */
export function previewDocument(title: string, html: string, language: string): string {
  return (
    `<!DOCTYPE html><html lang="${escapeHtml(language)}" dir="${directionOf(language)}"><head>` +
    `<meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><article>` +
    `<h1>${escapeHtml(title)}</h1>${html}</article></body></html>`
  );
}
