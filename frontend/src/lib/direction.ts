// The right-to-left languages of the contract (GET /content/contract marks them too); the
// direction is needed before anything is loaded, to lay out what is typed.
const RTL: ReadonlySet<string> = new Set(["ar", "fa"]);

/** The writing direction of a contract language. */
export function directionOf(language: string | null | undefined): "rtl" | "ltr" {
  return language && RTL.has(language) ? "rtl" : "ltr";
}
