import type { components } from "@/lib/api/schema";

export type Language = components["schemas"]["ProductCopy"]["language"];

/*
 * Limits of the product copy contract. The OpenAPI document does not state them, so they are
 * mirrored from presswright/content/models.py (SEO_TITLE_MAX, META_DESC_MIN, META_DESC_MAX,
 * SHORT_DESCRIPTION_MAX_WORDS) and presswright/content/rules.py (TITLE_MAX, TAGS_MAX,
 * IMAGE_ALT_MIN, IMAGE_ALT_MAX). The server re-checks every saved edit and every write.
 */
export const SEO_TITLE_MAX = 60;
export const META_DESC_MIN = 140;
export const META_DESC_MAX = 160;
export const TITLE_MAX = 200;
export const SHORT_DESCRIPTION_MAX_WORDS = 50;
export const TAGS_MAX = 20;
export const IMAGE_ALT_MIN = 5;
export const IMAGE_ALT_MAX = 125;
export const KEYWORDS_MAX = 10;
export const FEATURES_MAX = 20;
export const ATTRIBUTES_MAX = 50;

/** The ten languages of the contract (presswright.content.models.LANGUAGES), in its order. */
export const LANGUAGES: ReadonlyArray<{ code: Language; name: string }> = [
  { code: "en", name: "English" },
  { code: "fa", name: "Persian" },
  { code: "ar", name: "Arabic" },
  { code: "de", name: "German" },
  { code: "es", name: "Spanish" },
  { code: "fr", name: "French" },
  { code: "it", name: "Italian" },
  { code: "ja", name: "Japanese" },
  { code: "ko", name: "Korean" },
  { code: "zh", name: "Chinese" },
];

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
