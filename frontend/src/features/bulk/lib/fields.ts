// The fields a bulk row fills (the server's ProductFacts and ContentRequest), how a column is
// matched to a field, and the checks a row must pass. The server checks every row again when
// the job is submitted and refuses the whole job (422) if one is wrong; this copy lets the
// screen show every problem before anything is sent.

import { cellText, type Cell, type SourceRow } from "./source";

export type BulkKind = "product" | "article";

export const LANGUAGES = ["en", "fa", "ar", "de", "es", "fr", "it", "ja", "ko", "zh"] as const;
export const PRODUCT_ID_FIELD = "woo_product_id";

type FieldType = "text" | "list" | "attributes" | "language" | "length" | "sections" | "boolean" | "product_id";

export interface FieldSpec {
  name: string;
  label: string;
  type: FieldType;
  required: boolean;
  min?: number;
  max?: number;
  maxItems?: number;
  help: string;
}

const PRODUCT_FIELDS: FieldSpec[] = [
  { name: "name", label: "Name", type: "text", required: true, min: 1, max: 200, help: "The product's name." },
  { name: "category", label: "Category", type: "text", required: true, min: 1, max: 200, help: "Its category." },
  { name: "features", label: "Features", type: "list", required: false, maxItems: 20, help: "Split by the list separator." },
  { name: "keywords", label: "Keywords", type: "list", required: false, maxItems: 10, help: "Split by the list separator." },
  { name: "attributes", label: "Attributes", type: "attributes", required: false, help: "key: value pairs or a JSON object." },
  { name: "price", label: "Price", type: "text", required: false, max: 50, help: "As text, e.g. 24.90 EUR." },
  { name: "audience", label: "Audience", type: "text", required: false, max: 300, help: "Who it is for." },
  { name: "language", label: "Language", type: "language", required: false, help: LANGUAGES.join(", ") },
  { name: "brand_profile", label: "Brand profile", type: "text", required: false, max: 100, help: "A brand profile's name." },
];

const ARTICLE_FIELDS: FieldSpec[] = [
  { name: "topic", label: "Topic", type: "text", required: true, min: 5, max: 200, help: "What the article is about (5-200 characters)." },
  { name: "keywords", label: "Keywords", type: "list", required: false, maxItems: 10, help: "Split by the list separator." },
  { name: "tone", label: "Tone", type: "text", required: false, min: 1, max: 100, help: "e.g. informative." },
  { name: "length", label: "Length", type: "length", required: false, help: "short, medium or long." },
  { name: "language", label: "Language", type: "language", required: false, help: LANGUAGES.join(", ") },
  { name: "sections", label: "Sections", type: "sections", required: false, help: "A whole number from 1 to 12." },
  { name: "faq", label: "FAQ", type: "boolean", required: false, help: "true or false." },
  { name: "brand_profile", label: "Brand profile", type: "text", required: false, max: 100, help: "A brand profile's name." },
];

const PRODUCT_ID_SPEC: FieldSpec = {
  name: PRODUCT_ID_FIELD,
  label: "WooCommerce product id",
  type: "product_id",
  required: true,
  help: "The product each row's copy is written back to.",
};

export function fieldsFor(kind: BulkKind, writesToStore: boolean): FieldSpec[] {
  const base = kind === "product" ? PRODUCT_FIELDS : ARTICLE_FIELDS;
  return writesToStore && kind === "product" ? [...base, PRODUCT_ID_SPEC] : base;
}

// What a column holding a field is often called (the server's column hints use the same list).
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

function blank(cell: Cell | undefined): boolean {
  if (cell === undefined || cell === null) return true;
  if (typeof cell === "string") return cell.trim() === "";
  if (Array.isArray(cell)) return cell.length === 0;
  if (typeof cell === "object") return Object.keys(cell).length === 0;
  return false;
}

function listed(cell: Cell, separator: string): string[] {
  if (Array.isArray(cell)) return cell;
  return cellText(cell)
    .split(separator)
    .map((part) => part.trim())
    .filter(Boolean);
}

function checkCell(spec: FieldSpec, cell: Cell, separator: string, brandProfiles: Set<string> | null): string | null {
  switch (spec.type) {
    case "text": {
      if (typeof cell === "object" && cell !== null) return "give text, not a list or object";
      const text = cellText(cell);
      if (spec.min !== undefined && text.length < spec.min) return `at least ${spec.min} characters`;
      if (spec.max !== undefined && text.length > spec.max) return `at most ${spec.max} characters (has ${text.length})`;
      if (spec.name === "brand_profile" && brandProfiles !== null && !brandProfiles.has(text)) {
        return `no brand profile named ${JSON.stringify(text)} in this workspace`;
      }
      return null;
    }
    case "list": {
      const items = listed(cell, separator);
      if (spec.maxItems !== undefined && items.length > spec.maxItems) {
        return `at most ${spec.maxItems} items (has ${items.length})`;
      }
      return null;
    }
    case "attributes":
      return typeof cell === "string" || (typeof cell === "object" && cell !== null && !Array.isArray(cell))
        ? null
        : "give an object or key: value pairs";
    case "language":
      return (LANGUAGES as readonly string[]).includes(cellText(cell)) ? null : `one of ${LANGUAGES.join(", ")}`;
    case "length":
      return ["short", "medium", "long"].includes(cellText(cell)) ? null : "short, medium or long";
    case "sections": {
      const text = cellText(cell).trim();
      const number = Number(text);
      return /^\d+$/.test(text) && number >= 1 && number <= 12 ? null : "a whole number from 1 to 12";
    }
    case "boolean":
      return typeof cell === "boolean" || ["true", "false", "1", "0", "yes", "no"].includes(cellText(cell).toLowerCase())
        ? null
        : "true or false";
    case "product_id": {
      const text = cellText(cell).trim();
      return /^\d+$/.test(text) && Number(text) > 0 && Number(text) <= 2 ** 31 - 1
        ? null
        : `${JSON.stringify(text.slice(0, 60))} is not a product id: give a positive whole number`;
    }
  }
}

/** Every problem of every row under the mapping (empty when the job can be submitted). */
export function checkRows(
  rows: SourceRow[],
  fields: FieldSpec[],
  mapping: Record<string, string>,
  separator: string,
  brandProfiles: Set<string> | null,
): RowProblem[] {
  const problems: RowProblem[] = [];
  rows.forEach((row, index) => {
    for (const spec of fields) {
      const column = mapping[spec.name];
      const cell = column === undefined ? undefined : row[column];
      if (blank(cell)) {
        if (spec.required) problems.push({ row: index + 1, field: spec.name, message: "missing" });
        continue;
      }
      const problem = checkCell(spec, cell as Cell, separator, brandProfiles);
      if (problem !== null) problems.push({ row: index + 1, field: spec.name, message: problem });
    }
  });
  return problems;
}

/** The mapping as the upload's `map` parts: only the fields whose column has another name. */
export function mapEntries(mapping: Record<string, string>): string[] {
  return Object.entries(mapping)
    .filter(([field, column]) => simple(column).replace(/ /g, "_") !== field)
    .map(([field, column]) => `${field}=${column}`);
}
