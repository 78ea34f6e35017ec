/*
 * What the SEO panel reads from an article body: its headings, links, first paragraph.
 * DOMParser builds an inert document (no scripts run, nothing is fetched); nothing of it is
 * ever inserted into the page.
 */
export interface BodyHeading {
  level: number;
  text: string;
}

export interface BodyLink {
  href: string;
  text: string;
}

export interface BodyOutline {
  headings: BodyHeading[];
  links: BodyLink[];
  firstParagraph: string;
  words: number;
}

const space = (text: string | null | undefined) => (text ?? "").replace(/\s+/gu, " ").trim();

export function readBody(html: string): BodyOutline {
  const document = new DOMParser().parseFromString(html, "text/html");
  const headings = Array.from(document.body.querySelectorAll("h1, h2, h3, h4, h5, h6")).map(
    (element) => ({ level: Number(element.tagName.slice(1)), text: space(element.textContent) }),
  );
  const links = Array.from(document.body.querySelectorAll("a[href]")).map((element) => ({
    href: element.getAttribute("href") ?? "",
    text: space(element.textContent),
  }));
  const firstParagraph = space(document.body.querySelector("p")?.textContent);
  const text = space(document.body.textContent);
  return { headings, links, firstParagraph, words: text ? text.split(" ").length : 0 };
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
}

/**
 * The page a sandboxed iframe shows: the title (escaped) and the body HTML the server
 * sanitized (the contract"s body_sanitized rule holds for every stored version).
 */
export function previewDocument(options: {
  title: string;
  html: string;
  language: string;
  direction: "rtl" | "ltr";
}): string {
  const { title, html, language, direction } = options;
  return (
    `<!DOCTYPE html><html lang="${escapeHtml(language)}" dir="${direction}"><head>` +
    `<meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><article>` +
    `<h1>${escapeHtml(title)}</h1>${html}</article></body></html>`
  );
}
