import type { FlowSpec } from "../api/executions";

/** The direct predecessors of `id`, in edge order. */
export function parentsOf(spec: FlowSpec, id: string): string[] {
  return (spec.edges ?? []).filter((edge) => edge.to === id).map((edge) => edge.from);
}

/** A timestamp as the API wrote it, read as UTC when it carries no offset (SQLite's naive times). */
export function utc(value: string): string {
  return /([zZ]|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}Z`;
}
