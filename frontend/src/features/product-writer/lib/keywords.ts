/*
 * Keyword placement as the contract judges it (presswright/content/field_rules.py
 * contains_keyword): NFKC, one spelling of Arabic yeh and kaf, single spaces, case-folded;
 * whole words for Latin keywords, substrings for Arabic-script and CJK ones.
 */
const LATIN_WORD = /[a-z0-9]/i;

export function foldText(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/\u064a/g, "\u06cc")
    .replace(/\u0643/g, "\u06a9")
    .replace(/\s+/gu, " ")
    .trim()
    .toLocaleLowerCase();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function containsKeyword(text: string, keyword: string): boolean {
  const haystack = foldText(text);
  const needle = foldText(keyword);
  if (!needle) return true;
  if (LATIN_WORD.test(needle[0] ?? "") || LATIN_WORD.test(needle[needle.length - 1] ?? "")) {
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegExp(needle)}(?![\\p{L}\\p{N}_])`, "u");
    return pattern.test(haystack);
  }
  return haystack.includes(needle);
}

/** Keywords typed as one comma- or newline-separated text: trimmed, deduplicated, non-empty. */
export function splitKeywords(text: string): string[] {
  const seen = new Set<string>();
  const keywords: string[] = [];
  for (const raw of text.split(/[,\n،]/)) {
    const keyword = raw.replace(/\s+/gu, " ").trim();
    const key = keyword.toLocaleLowerCase();
    if (keyword && !seen.has(key)) {
      seen.add(key);
      keywords.push(keyword);
    }
  }
  return keywords;
}
