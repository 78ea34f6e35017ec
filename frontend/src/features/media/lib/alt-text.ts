/** The alt text rules' length limit (presswright.images.alt_text_rules.ALT_TEXT_MAX). */
export const ALT_TEXT_MAX = 125;

// Wide East Asian characters count as two, as the server's rule counts them.
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/** The alt text's length as the rule counts it (a hint while typing: the server's verdict is what counts). */
export function altLength(text: string): number {
  let length = 0;
  for (const character of text.trim()) length += WIDE.test(character) ? 2 : 1;
  return length;
}
