import type { components } from "@/lib/api/schema";

export type Language = components["schemas"]["ProductCopy"]["language"];

// The right-to-left languages of the contract (GET /content/contract marks them too); the
// direction is needed before anything is loaded, to lay out what is typed.
export function directionOf(language: string | null | undefined): "rtl" | "ltr" {
  return language === "ar" || language === "fa" ? "rtl" : "ltr";
}

/** What each node of the built-in product flow does. */
const PRODUCT_NODES: Record<string, string> = {
  brief: "Read the facts",
  draft: "Write the copy",
  product: "Assemble and check",
};

export function nodeLabel(id: string, labels: Record<string, string> = PRODUCT_NODES): string {
  return labels[id] ?? id.replace(/_/g, " ");
}

/** Words as a reader counts them. */
export function wordCount(text: string): number {
  const trimmed = text.trim();
  return trimmed ? trimmed.split(/\s+/u).length : 0;
}

export function charCount(text: string): number {
  return Array.from(text.trim()).length;
}

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
