// The fields a bulk row fills (the server's ProductFacts and ContentRequest), as the column
// matching lists them, and a first guess of the column that holds each. Whether the rows pass
// is the server's to say: the screen asks it with a dry run (POST /bulk?dry_run=true) that runs
// every check of the real submission, and shows its answer.

export type BulkKind = "product" | "article";

export const PRODUCT_ID_FIELD = "woo_product_id";

export interface FieldSpec {
  name: string;
  label: string;
  required: boolean;
  help: string;
}

const PRODUCT_FIELDS: FieldSpec[] = [
  { name: "name", label: "Name", required: true, help: "The product's name." },
  { name: "category", label: "Category", required: true, help: "Its category." },
  { name: "features", label: "Features", required: false, help: "Split by the list separator." },
  { name: "keywords", label: "Keywords", required: false, help: "Split by the list separator." },
  { name: "attributes", label: "Attributes", required: false, help: "key: value pairs or a JSON object." },
  { name: "price", label: "Price", required: false, help: "As text, e.g. 24.90 EUR." },
  { name: "audience", label: "Audience", required: false, help: "Who it is for." },
  { name: "language", label: "Language", required: false, help: "A language code, e.g. en, de or ar." },
  { name: "brand_profile", label: "Brand profile", required: false, help: "A brand profile's name." },
];

const ARTICLE_FIELDS: FieldSpec[] = [
  { name: "topic", label: "Topic", required: true, help: "What the article is about." },
  { name: "keywords", label: "Keywords", required: false, help: "Split by the list separator." },
  { name: "tone", label: "Tone", required: false, help: "e.g. informative." },
  { name: "length", label: "Length", required: false, help: "short, medium or long." },
  { name: "language", label: "Language", required: false, help: "A language code, e.g. en, de or ar." },
  { name: "sections", label: "Sections", required: false, help: "A whole number from 1 to 12." },
  { name: "faq", label: "FAQ", required: false, help: "true or false." },
  { name: "brand_profile", label: "Brand profile", required: false, help: "A brand profile's name." },
];

const PRODUCT_ID_SPEC: FieldSpec = {
  name: PRODUCT_ID_FIELD,
  label: "WooCommerce product id",
  required: true,
  help: "The product each row's copy is written back to.",
};

export function fieldsFor(kind: BulkKind, writesToStore: boolean): FieldSpec[] {
  const base = kind === "product" ? PRODUCT_FIELDS : ARTICLE_FIELDS;
  return writesToStore && kind === "product" ? [...base, PRODUCT_ID_SPEC] : base;
}

// What a column holding a field is often called: the first guess of the matching, which the
// server does not make by itself (it takes a column of the field's own name).
const ALIASES: Record<string, string[]> = {
  name: ["title", "product", "product name", "product title", "item", "produktname", "nom"],
  category: ["type", "product type", "categories", "collection", "kategorie", "categorie"],
  topic: ["title", "subject", "headline", "theme", "thema", "sujet"],
  keywords: ["tags", "keyword", "search terms", "schlagworte"],
  features: ["bullets", "highlights", "merkmale"],
  price: ["regular price", "cost", "preis", "prix"],
  woo_product_id: ["id", "product id", "woo id"],
};

function simple(text: string): string {
  return text.toLowerCase().replace(/[_-]/g, " ").split(/\s+/).filter(Boolean).join(" ");
}

/** Ratcliff/Obershelp similarity, as Python's difflib.SequenceMatcher.ratio() computes it. */
function similarity(a: string, b: string): number {
  if (a.length + b.length === 0) return 1;
  const matches = (x: string, y: string): number => {
    if (x.length === 0 || y.length === 0) return 0;
    let bestLength = 0;
    let bestX = 0;
    let bestY = 0;
    for (let i = 0; i < x.length; i += 1) {
      for (let j = 0; j < y.length; j += 1) {
        let k = 0;
        while (i + k < x.length && j + k < y.length && x[i + k] === y[j + k]) k += 1;
        if (k > bestLength) {
          bestLength = k;
          bestX = i;
          bestY = j;
        }
      }
    }
    if (bestLength === 0) return 0;
    return (
      bestLength +
      matches(x.slice(0, bestX), y.slice(0, bestY)) +
      matches(x.slice(bestX + bestLength), y.slice(bestY + bestLength))
    );
  };
  return (2 * matches(a, b)) / (a.length + b.length);
}

function likeness(field: string, column: string): number {
  const name = simple(column);
  let best = 0;
  for (const alias of [simple(field), ...(ALIASES[field] ?? [])]) {
    if (name === alias) return 1;
    if (name.split(" ").includes(alias) || name.startsWith(alias)) best = Math.max(best, 0.9);
    best = Math.max(best, similarity(name, alias));
  }
  return best;
}

const LEAST = 0.6;

/** {field: column} for the fields a column most likely holds; each column is used once. */
export function detectMapping(fields: FieldSpec[], columns: string[]): Record<string, string> {
  const mapping: Record<string, string> = {};
  const taken = new Set<string>();
  // Exact names first (what the server does without a mapping), then the best likeness.
  for (const field of fields) {
    const exact = columns.find((column) => simple(column).replace(/ /g, "_") === field.name);
    if (exact !== undefined) {
      mapping[field.name] = exact;
      taken.add(exact);
    }
  }
  const candidates: { field: string; column: string; score: number }[] = [];
  for (const field of fields) {
    if (field.name in mapping) continue;
    for (const column of columns) {
      if (taken.has(column)) continue;
      const score = likeness(field.name, column);
      if (score >= LEAST) candidates.push({ field: field.name, column, score });
    }
  }
  candidates.sort((a, b) => b.score - a.score);
  for (const candidate of candidates) {
    if (candidate.field in mapping || taken.has(candidate.column)) continue;
    mapping[candidate.field] = candidate.column;
    taken.add(candidate.column);
  }
  return mapping;
}

export interface RowProblem {
  /** The data row, 1-based (header excluded), as the server numbers it. */
  row: number;
  field: string;
  message: string;
}

/** The mapping as the upload's `map` parts: only the fields whose column has another name. */
export function mapEntries(mapping: Record<string, string>): string[] {
  return Object.entries(mapping)
    .filter(([field, column]) => simple(column).replace(/ /g, "_") !== field)
    .map(([field, column]) => `${field}=${column}`);
}
