import type { components } from "@/lib/api/schema";

export type Language = NonNullable<components["schemas"]["PatternGenerate"]["language"]>;
export type PatternResult = components["schemas"]["PatternResult"];
export type PatternSpec = components["schemas"]["PatternSpec-Output"];
export type Block = components["schemas"]["Block-Output"];

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

/** What each node of the built-in pattern flow does. */
export const PATTERN_NODES: Record<string, string> = {
  brief: "Read the brief",
  draft: "Design the blocks",
  pattern: "Check and render the markup",
};

/** `value` if it is one of the ten languages, else English (for a preview's language). */
export function knownLanguage(value: unknown): Language {
  return LANGUAGES.find((option) => option.code === value)?.code ?? "en";
}

/** A readable one-line summary of a block: its type and the words it shows. */
export function blockSummary(block: Block): string {
  const words = block.text ?? block.items?.join(", ") ?? block.alt ?? block.caption ?? block.citation ?? (block.head ? block.head.join(" | ") : "");
  return words ? `${block.type}: ${words}` : block.type;
}
