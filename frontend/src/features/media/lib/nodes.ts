/** What each node of an image run does, as a writer says it. */
export const IMAGE_NODES: Record<string, string> = {
  image: "Make the pictures",
  images: "Make the pictures",
  alt_text: "Write the alt text",
};
