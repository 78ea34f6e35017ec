import { ApiProblem, errorMessage, fieldName, problemMessage, unplacedErrors } from "@/lib/problems";

/**
 * The messages of a failed form submission: per field, and the rest as one list. A 409 that
 * names no field (some routes only say "a ... named X exists") goes next to `conflictField`,
 * the one unique field of the form, when the form has one.
 */
export function formProblems(error: unknown, fields: readonly string[], conflictField?: string) {
  if (!error) return { field: () => undefined, rest: [] as string[] };
  if (error instanceof ApiProblem) {
    const rest = unplacedErrors(error.problem, fields);
    const hasErrors = (error.problem.errors ?? []).length > 0;
    if (!hasErrors && error.status === 409 && conflictField !== undefined) {
      const message = problemMessage(error.problem, error.status);
      return { field: (name: string) => (name === conflictField ? message : undefined), rest: [] as string[] };
    }
    return {
      field: (name: string) => error.field(name),
      rest: hasErrors ? rest : [problemMessage(error.problem, error.status)],
    };
  }
  return { field: () => undefined, rest: [errorMessage(error)] };
}

/**
 * Field messages of a refused start by form field (`body.features.2` -> features, `body.keywords.0`
 * -> keywords), for the fields in `shown`; the rest apart, each with the field it names.
 */
export function placeErrors(error: unknown, shown: readonly string[]): { fields: Record<string, string>; other: string[] } {
  const fields: Record<string, string> = {};
  const other: string[] = [];
  if (!(error instanceof ApiProblem)) return { fields, other };
  for (const entry of error.problem.errors ?? []) {
    const name = fieldName(entry.field).split(".")[0] ?? "";
    if (shown.includes(name)) fields[name] ??= entry.message;
    else other.push(entry.field ? `${fieldName(entry.field)}: ${entry.message}` : entry.message);
  }
  return { fields, other };
}
