import type { components } from "@/lib/api/schema";

export type Language = components["schemas"]["ContentData"]["language"];
export type Article = components["schemas"]["ContentData"];

/*
 * Limits of the content contract. The OpenAPI document does not state them (SeoMeta has
 * only minLength), so they are mirrored from presswright/content/models.py (SEO_TITLE_MAX,
 * META_DESC_MIN, META_DESC_MAX) and presswright/content/rules.py (TITLE_MAX, EXCERPT_MAX).
 * The server re-checks every saved edit against the real rules.
 */
export const SEO_TITLE_MAX = 60;
export const META_DESC_MIN = 140;
export const META_DESC_MAX = 160;
export const TITLE_MAX = 200;
export const EXCERPT_MAX = 300;
export const KEYWORDS_MAX = 10;
export const KEYWORD_MAX_LENGTH = 80;
export const TOPIC_MIN = 5;
export const TOPIC_MAX = 200;

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

const RTL: ReadonlySet<string> = new Set(["ar", "fa"]);

/** The writing direction of a contract language. */
export function directionOf(language: string | null | undefined): "rtl" | "ltr" {
  return language && RTL.has(language) ? "rtl" : "ltr";
}

export function languageName(code: string): string {
  return LANGUAGES.find((language) => language.code === code)?.name ?? code;
}
