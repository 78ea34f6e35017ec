import { ApiProblem, fieldName } from "@/lib/problems";

/** One broken rule, located by the content's own field path (`meta.seo_title`, `body_html`). */
export interface ContractProblem {
  field: string;
  message: string;
}

// A field path as the contract names it: meta.seo_title, internal_links[0].url, schema_ld_json.
const FIELD_PATH = /^([A-Za-z_@][\w@]*(?:\[\d+\])?(?:\.[A-Za-z_@][\w@]*(?:\[\d+\])?)*): (.+)$/s;
// "the edited article still breaks 3 rule(s) after repairs: ..." (presswright.errors).
const LEAD = /^.*?\brule\(s\)[^:]*: /s;
const HINTS = ["fix each listed field and send the edit again"];

/** The path with list indexes as dots, without the request's own prefixes (body., content.). */
function contentPath(field: string): string {
  return fieldName(field)
    .replace(/\[(\d+)\]/g, ".$1")
    .replace(/^content\./, "");
}

/**
 * The rules a refused edit, publish or write broke, each on its field. A 422 names them in
 * `errors`; an edit refused by the contract (PATCH /documents/{id}) says them only in its
 * `detail` ("field: message; field: message"), which is read as a fallback.
 */
export function contractProblems(error: unknown): ContractProblem[] {
  if (!(error instanceof ApiProblem) || error.status !== 422) return [];
  const listed = error.problem.errors ?? [];
  if (listed.length) return listed.map((entry) => ({ field: contentPath(entry.field), message: entry.message }));
  const detail = error.problem.detail ?? "";
  if (!LEAD.test(detail)) return [];
  const problems: ContractProblem[] = [];
  for (const part of detail.replace(LEAD, "").split("; ")) {
    const match = FIELD_PATH.exec(part);
    const last = problems[problems.length - 1];
    if (match?.[1] && match[2]) problems.push({ field: contentPath(match[1]), message: match[2] });
    else if (last && !HINTS.includes(part.trim())) last.message = `${last.message}; ${part}`;
  }
  return problems;
}

/**
 * The problems grouped by the form field that shows them: `fieldOf` maps a content path to
 * one of the form's fields, or null when the form has no such field.
 */
export function problemsByField(
  problems: ContractProblem[],
  fieldOf: (path: string) => string | null,
): { byField: Record<string, string[]>; unplaced: ContractProblem[] } {
  const byField: Record<string, string[]> = {};
  const unplaced: ContractProblem[] = [];
  for (const problem of problems) {
    const field = fieldOf(problem.field);
    if (field) (byField[field] ??= []).push(problem.message);
    else unplaced.push(problem);
  }
  return { byField, unplaced };
}
