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
