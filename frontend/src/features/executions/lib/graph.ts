// Where the monitor draws each node: columns by depth (longest path from a source), as the flow
// editor lays out a spec that has no positions of its own.
import type { FlowSpec } from "../api/executions";

export interface Point {
  x: number;
  y: number;
}

export function layout(spec: FlowSpec): Record<string, Point> {
  const ids = spec.nodes.map((node) => node.id);
  const parents = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const edge of spec.edges ?? []) parents.get(edge.to)?.push(edge.from);
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (id: string): number => {
    const cached = depth.get(id);
    if (cached !== undefined) return cached;
    if (visiting.has(id)) return 0;
    visiting.add(id);
    const above = (parents.get(id) ?? []).filter((parent) => parents.has(parent));
    const value = above.length ? Math.max(...above.map(depthOf)) + 1 : 0;
    visiting.delete(id);
    depth.set(id, value);
    return value;
  };
  const rows = new Map<number, number>();
  const positions: Record<string, Point> = {};
  for (const id of ids) {
    const column = depthOf(id);
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    positions[id] = { x: column * 230, y: row * 110 };
  }
  return positions;
}

/** The direct predecessors of `id`, in edge order. */
export function parentsOf(spec: FlowSpec, id: string): string[] {
  return (spec.edges ?? []).filter((edge) => edge.to === id).map((edge) => edge.from);
}

/** A timestamp as the API wrote it, read as UTC when it carries no offset (SQLite's naive times). */
export function utc(value: string): string {
  return /([zZ]|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}Z`;
}
