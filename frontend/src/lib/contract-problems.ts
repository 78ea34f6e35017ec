import type { ContractCheck } from "@/lib/contract";
import { ApiProblem, fieldName } from "@/lib/problems";

/** One broken rule, located by the content's own field path (`meta.seo_title`, `body_html`). */
export interface ContractProblem {
  field: string;
  rule?: string;
  message: string;
}

/** The path with list indexes as dots, without the request's own prefixes (body., content.). */
function contentPath(field: string): string {
  return fieldName(field)
    .replace(/\[(\d+)\]/g, ".$1")
    .replace(/^(content|document)\./, "");
}

/** The rules a refused edit, publish or write broke, each on its field: the 422's `errors`. */
export function contractProblems(error: unknown): ContractProblem[] {
  if (!(error instanceof ApiProblem) || error.status !== 422) return [];
  return (error.problem.errors ?? []).map((entry) => ({ field: contentPath(entry.field), rule: entry.rule, message: entry.message }));
}

/** The rules a dry-run check found broken (POST /content/check), each on its field. */
export function checkProblems(check: ContractCheck | undefined): ContractProblem[] {
  return (check?.errors ?? []).map((entry) => ({ field: contentPath(entry.field), rule: entry.rule, message: entry.message }));
}

/** Whether no problem breaks `rule` (on a field starting with `field`, when given). */
export function meets(problems: ContractProblem[], rule: string, field?: string): boolean {
  return !problems.some((problem) => problem.rule === rule && (field === undefined || problem.field === field || problem.field.startsWith(`${field}.`)));
}

/** Whether `keyword` meets the placement `rule`: no break of it names the keyword (quoted, as the rules quote it). */
export function keywordPlaced(problems: ContractProblem[], rule: string, keyword: string): boolean {
  const quoted = [`'${keyword}'`, `"${keyword}"`];
  return !problems.some((problem) => problem.rule === rule && quoted.some((text) => problem.message.includes(text)));
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
