// A version's body (an article, product copy, a pattern, ...) as labelled plain-text fields,
// for reading and for a word-level diff. HTML is turned into text with DOMParser, which
// builds an inert document (no script runs, nothing loads), so model output stays inert.

export interface TextField {
  key: string;
  label: string;
  text: string;
  /** HTML the server sanitized, for a sandboxed preview. */
  html?: string;
}

const LABELS: Record<string, string> = {
  title: "Title",
  excerpt: "Excerpt",
  outline: "Outline",
  body_html: "Body",
  short_description: "Short description",
  long_description_html: "Long description",
  feature_bullets: "Feature bullets",
  "meta.seo_title": "SEO title",
  "meta.meta_desc": "Meta description",
  "meta.slug": "Slug",
  tags: "Tags",
  keywords: "Keywords",
  image_alt_text: "Image alt text",
  faq: "FAQ",
  schema_ld_json: "JSON-LD",
  markup: "Block markup",
  language: "Language",
};

const ORDER = Object.keys(LABELS);

const BLOCKS = new Set([
  "P", "DIV", "H1", "H2", "H3", "H4", "H5", "H6", "LI", "UL", "OL", "TABLE", "TR", "BLOCKQUOTE",
  "PRE", "FIGURE", "FIGCAPTION", "SECTION", "ARTICLE", "HEADER", "FOOTER", "DT", "DD", "BR", "HR",
]);

/** The visible text of an HTML fragment, one line per block. */
export function htmlToText(html: string): string {
  const doc = new DOMParser().parseFromString(html, "text/html");
  const lines: string[] = [];
  let current = "";
  const flush = () => {
    const line = current.replace(/\s+/g, " ").trim();
    if (line) lines.push(line);
    current = "";
  };
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      current += node.textContent ?? "";
      return;
    }
    if (!(node instanceof Element)) return;
    if (node.tagName === "SCRIPT" || node.tagName === "STYLE" || node.tagName === "TEMPLATE") return;
    const block = BLOCKS.has(node.tagName);
    if (block) flush();
    if (/^H[1-6]$/.test(node.tagName)) current += `${"#".repeat(Number(node.tagName[1]))} `;
    if (node.tagName === "LI") current += "• ";
    node.childNodes.forEach(walk);
    if (block) flush();
  };
  doc.body.childNodes.forEach(walk);
  flush();
  return lines.join("\n");
}

function labelOf(key: string): string {
  return LABELS[key] ?? key.replace(/[._]/g, " ").replace(/^\w/, (char) => char.toUpperCase());
}

function textOf(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) {
    return value.map((item) => `• ${item}`).join("\n");
  }
  if (Array.isArray(value) && value.every(isFaqEntry)) {
    return value.map((item) => `Q: ${item.question}\nA: ${item.answer}`).join("\n\n");
  }
  return JSON.stringify(value, null, 2);
}

function isFaqEntry(value: unknown): value is { question: string; answer: string } {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Record<string, unknown>).question === "string" &&
    typeof (value as Record<string, unknown>).answer === "string"
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The body's fields in reading order; nested objects (meta) one level deep. */
export function flattenBody(body: Record<string, unknown> | null | undefined): TextField[] {
  if (!body) return [];
  const fields: TextField[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (isPlainObject(value) && key !== "schema_ld_json" && key !== "spec") {
      for (const [inner, innerValue] of Object.entries(value)) {
        const path = `${key}.${inner}`;
        fields.push({ key: path, label: labelOf(path), text: textOf(innerValue) });
      }
      continue;
    }
    if (typeof value === "string" && key.endsWith("_html")) {
      fields.push({ key, label: labelOf(key), text: htmlToText(value), html: value });
      continue;
    }
    fields.push({ key, label: labelOf(key), text: textOf(value) });
  }
  const rank = (key: string) => {
    const found = ORDER.indexOf(key);
    return found < 0 ? ORDER.length : found;
  };
  return fields.sort((a, b) => rank(a.key) - rank(b.key));
}

/** The first HTML field of a body (the article's body, the product's long description, ...). */
export function previewHtml(body: Record<string, unknown> | null | undefined): string | null {
  if (!body) return null;
  for (const key of ["body_html", "long_description_html", "markup", "html"]) {
    const value = body[key];
    if (typeof value === "string" && value.trim()) return value;
  }
  return null;
}

/** A page for the sandboxed preview: the sanitized HTML, its language and direction. The
 * srcdoc inherits the studio's CSP, so no <style> is added; the frame shows browser defaults. */
export function previewDocument(html: string, language: string | null): string {
  const lang = language && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(language) ? language : "en";
  const rtl = lang === "ar" || lang === "fa" || lang.startsWith("ar-") || lang.startsWith("fa-");
  return `<!doctype html><html lang="${lang}" dir="${rtl ? "rtl" : "ltr"}"><head><meta charset="utf-8"></head><body>${html}</body></html>`;
}
