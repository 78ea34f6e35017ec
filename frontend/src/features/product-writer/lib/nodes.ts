import type { RegenerableNode } from "@/components/generation/regenerate-card";

/** What each node of the built-in product flow (content/flows/product.yaml) does, as a shop owner says it. */
export const PRODUCT_NODES: Record<string, string> = {
  brief: "Read the product facts",
  draft: "Write the copy",
  product: "Check it against the SEO rules",
};

/**
 * The part of a product run worth writing again: the draft, with the check after it. Reading
 * the facts again reads the same facts (so it only rewrites the draft too), and the check
 * alone starts over from the same draft, changing at most what that draft got wrong: neither
 * is a choice a shop owner can tell apart, so neither is offered.
 */
export const REGENERABLE: readonly RegenerableNode[] = [
  {
    id: "draft",
    label: "All the copy",
    hint: "title, descriptions, bullets, tags, alt text and SEO fields, written anew from the same facts and checked again",
  },
];
