import { nodeLabel as stepLabel } from "@/lib/run";

/** What each node of the built-in article flow does, as a writer would say it. */
export const ARTICLE_NODES: Record<string, string> = {
  brief: "Read the brief",
  outline: "Outline",
  sections: "Sections",
  intro: "Introduction",
  conclusion: "Conclusion",
  wants_faq: "FAQ wanted?",
  faq: "FAQ",
  seo: "SEO metadata",
  article: "Assemble and check",
};

/** Nodes worth writing again on their own (each reruns what depends on it too). */
export const REGENERABLE = ["outline", "sections", "intro", "conclusion", "faq", "seo"] as const;

export function nodeLabel(id: string): string {
  return stepLabel(id, ARTICLE_NODES);
}
