import { ApiProblem, errorMessage, problemMessage, unplacedErrors } from "@/lib/problems";

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
