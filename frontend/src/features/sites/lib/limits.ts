// The brief's limits as the server states them (sites/brief.py); the server checks them too and
// names the field, these spare a refused request and say the limit next to the field.
export const BRIEF = {
  nameMax: 100,
  typeMin: 2,
  typeMax: 100,
  descriptionMin: 10,
  descriptionMax: 1000,
  audienceMax: 200,
  pagesMin: 1,
  pagesMax: 10,
  pageTitleMin: 2,
  pageTitleMax: 40,
  goalsMax: 8,
  styleWordsMax: 6,
  logoBytesMax: 512 * 1024,
} as const;

/** The fields of the wizard a problem of the API can be placed next to. */
export const WIZARD_FIELDS = [
  "business_name",
  "business_type",
  "description",
  "goals",
  "audience",
  "pages",
  "style_words",
  "language",
  "logo",
  "contact",
  "review_plan",
] as const;

/** One item a line, blank lines dropped. */
export function lines(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}

/** Comma- or line-separated words, blanks dropped. */
export function words(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((word) => word.trim())
    .filter(Boolean);
}
