// Where a flow's nodes are drawn on a canvas (the flow editor and the execution monitor).
import type { components } from "@/lib/api/schema";

type FlowSpec = components["schemas"]["FlowSpec"];

export interface Point {
  x: number;
  y: number;
}

/**
 * Where each node is drawn: where the spec saved it, else where it is now (`known`), else
 * laid out in columns by depth (longest path from a source), rows in order.
 */
export function layout(spec: FlowSpec, known: Record<string, Point> = {}): Record<string, Point> {
  const ids = spec.nodes.map((node) => node.id);
  const parents = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const edge of spec.edges ?? []) parents.get(edge.to)?.push(edge.from);
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (id: string): number => {
    const cached = depth.get(id);
    if (cached !== undefined) return cached;
    if (visiting.has(id)) return 0; // a cycle: validation reports it
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
    positions[id] = known[id] ?? { x: column * 230, y: row * 110 };
  }
  for (const node of spec.nodes) {
    if (node.position) positions[node.id] = { x: node.position.x, y: node.position.y };
  }
  return positions;
}
