// RFC 9457 problem documents as the API sends them (application/problem+json), turned into
// messages a form can put next to the field each one names.

export interface FieldProblem {
  field: string;
  rule?: string;
  message: string;
}

export interface ProblemDocument {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  hint?: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

/** An API answer that was not a success, carrying the problem document when there was one. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly problem: ProblemDocument;

  constructor(status: number, problem: ProblemDocument) {
    super(problemMessage(problem, status));
    this.name = "ApiProblem";
    this.status = status;
    this.problem = problem;
  }

  /** The message for one field, or undefined when no error names it. */
  field(name: string): string | undefined {
    return fieldErrors(this.problem)[name];
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Read whatever an error answer's body was (JSON problem, other JSON, text) as a problem. */
export function toProblem(body: unknown, status?: number): ProblemDocument {
  if (isRecord(body)) {
    const problem: ProblemDocument = { ...body };
    if (Array.isArray(body.errors)) {
      problem.errors = body.errors.filter(isRecord).map((entry) => ({
        field: typeof entry.field === "string" ? entry.field : "",
        rule: typeof entry.rule === "string" ? entry.rule : undefined,
        // Pydantic prefixes a validator's own words with "Value error, ": drop it.
        message: typeof entry.message === "string" ? entry.message.replace(/^Value error, /, "") : "is not valid",
      }));
    } else {
      delete problem.errors;
    }
    if (status !== undefined && problem.status === undefined) problem.status = status;
    return problem;
  }
  if (typeof body === "string" && body.trim()) return { title: body.trim().slice(0, 300), status };
  return { title: status ? `The server answered ${status}` : "The request failed", status };
}

/** The field a problem names, as a form knows it: the last dotted part ("body.email" -> "email"). */
export function fieldName(field: string): string {
  const parts = field.split(/[.[\]/]+/).filter(Boolean);
  const known = parts.filter((part) => !["body", "query", "path", "header"].includes(part));
  return known.join(".") || field;
}

/** One message per field named by the problem's `errors` (the first message wins). */
export function fieldErrors(problem: ProblemDocument | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of problem?.errors ?? []) {
    if (!entry.field) continue;
    const full = fieldName(entry.field);
    out[full] ??= entry.message;
    const last = full.split(".").pop();
    if (last && last !== full) out[last] ??= entry.message;
  }
  return out;
}

/** A sentence for the whole problem: detail, else title, plus the hint when given. */
export function problemMessage(problem: ProblemDocument | undefined, status?: number): string {
  if (!problem) return status ? `The server answered ${status}.` : "Something went wrong.";
  let main = problem.detail ?? problem.title ?? (status ? `The server answered ${status}.` : "Something went wrong.");
  // "the request is invalid at: query" says where; the errors say what.
  const messages = (problem.errors ?? []).map((entry) => entry.message).filter(Boolean);
  if (messages.length && !messages.some((message) => main.includes(message))) main = `${main}: ${messages.join("; ")}`;
  return problem.hint ? `${main} (${problem.hint})` : main;
}

/** Messages of the problem's errors that name no field the form shows. */
export function unplacedErrors(problem: ProblemDocument | undefined, shown: readonly string[]): string[] {
  const placed = new Set(shown);
  return (problem?.errors ?? [])
    .filter((entry) => {
      const name = fieldName(entry.field);
      return !placed.has(name) && !placed.has(name.split(".").pop() ?? name);
    })
    .map((entry) => (entry.field ? `${fieldName(entry.field)}: ${entry.message}` : entry.message));
}

/** Any thrown value as a user-facing message. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiProblem) return error.message;
  if (error instanceof TypeError) return "The server could not be reached. Check your connection and try again.";
  if (error instanceof Error) return error.message;
  return "Something went wrong.";
}
