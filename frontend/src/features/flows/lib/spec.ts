// Flow specs as the editor handles them: ids, edges, layout, and where each problem points.
import type { EdgeSpec, FlowSpec, NodeSpec, SpecProblem } from "../api/flows";
import type { Point } from "@/lib/flow-layout";
import { isRecord, type JsonSchema } from "@/lib/json-schema";

export const NODE_ID = /^[a-z][a-z0-9_]{0,63}$/;
export const RESERVED_IDS = new Set(["inputs", "item", "index"]);
export const CONDITION_TYPE = "condition";

export function edgeId(edge: Pick<EdgeSpec, "from" | "to">): string {
  return `${edge.from}->${edge.to}`;
}

/** Why `id` cannot name a node of `spec` (other than `current`), or null when it can. */
export function nodeIdProblem(id: string, spec: FlowSpec, current?: string): string | null {
  if (!NODE_ID.test(id)) return "Use a lower-case letter first, then lower-case letters, digits or _ (64 at most).";
  if (RESERVED_IDS.has(id)) return "inputs, item and index are names templates use; pick another id.";
  if (id !== current && spec.nodes.some((node) => node.id === id)) return `A node is already called ${id}.`;
  return null;
}

/** A free id for a new node of `type`: `type`, `type_2`, `type_3`… */
export function freeNodeId(type: string, spec: FlowSpec): string {
  const stem = type.toLowerCase().replace(/[^a-z0-9_]/g, "_").replace(/^[^a-z]+/, "") || "node";
  const taken = new Set(spec.nodes.map((node) => node.id));
  if (!taken.has(stem) && !RESERVED_IDS.has(stem)) return stem.slice(0, 64);
  for (let count = 2; ; count += 1) {
    const candidate = `${stem.slice(0, 58)}_${count}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** The spec with node `from` renamed `to`, its edges following. */
export function renameNode(spec: FlowSpec, from: string, to: string): FlowSpec {
  return {
    ...spec,
    nodes: spec.nodes.map((node) => (node.id === from ? { ...node, id: to } : node)),
    edges: (spec.edges ?? []).map((edge) => ({
      ...edge,
      from: edge.from === from ? to : edge.from,
      to: edge.to === from ? to : edge.to,
    })),
  };
}

export function removeNodes(spec: FlowSpec, ids: ReadonlySet<string>): FlowSpec {
  return {
    ...spec,
    nodes: spec.nodes.filter((node) => !ids.has(node.id)),
    edges: (spec.edges ?? []).filter((edge) => !ids.has(edge.from) && !ids.has(edge.to)),
  };
}

export function removeEdges(spec: FlowSpec, ids: ReadonlySet<string>): FlowSpec {
  return { ...spec, edges: (spec.edges ?? []).filter((edge) => !ids.has(edgeId(edge))) };
}

export function updateNode(spec: FlowSpec, id: string, change: (node: NodeSpec) => NodeSpec): FlowSpec {
  return { ...spec, nodes: spec.nodes.map((node) => (node.id === id ? change(node) : node)) };
}

/** The branch a new edge from `source` takes by default: a condition's free branch, else none. */
export function defaultWhen(spec: FlowSpec, source: NodeSpec, handle: string | null | undefined): string | null {
  if (handle === "true" || handle === "false" || handle === "error") return handle;
  if (source.type !== CONDITION_TYPE) return null;
  const used = new Set((spec.edges ?? []).filter((edge) => edge.from === source.id).map((edge) => edge.when));
  return used.has("true") ? "false" : "true";
}

/**
 * Add the edge `from -> to`; null (with a reason) when it cannot be: a self-loop or a pair that
 * is already connected.
 */
export function addEdge(spec: FlowSpec, from: string, to: string, when: string | null): { spec: FlowSpec } | { reason: string } {
  if (from === to) return { reason: "A node cannot depend on itself." };
  if ((spec.edges ?? []).some((edge) => edge.from === from && edge.to === to)) {
    return { reason: `${from} is already connected to ${to}.` };
  }
  const edge: EdgeSpec = when ? { from, to, when } : { from, to };
  return { spec: { ...spec, edges: [...(spec.edges ?? []), edge] } };
}

/** The spec with each node's position on the canvas, as it is saved (a node moved is a change). */
export function placed(spec: FlowSpec, positions: Record<string, Point>): FlowSpec {
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    ...spec,
    nodes: spec.nodes.map((node) => {
      const point = positions[node.id];
      return point ? { ...node, position: { x: round(point.x), y: round(point.y) } } : node;
    }),
  };
}

export type ProblemTarget =
  | { kind: "node"; id: string }
  | { kind: "edge"; id: string }
  | { kind: "input"; name: string }
  | { kind: "output"; name: string }
  | { kind: "flow" };

/** `body.spec.nodes.2.id` (a 422's field) as the spec path `nodes[2].id`. */
export function specPath(field: string): string {
  const trimmed = field.replace(/^body\.spec\.?/, "").replace(/^spec\.?/, "");
  return trimmed.replace(/\.(\d+)(?=\.|$)/g, "[$1]");
}

/** What a problem's `where` points at in `spec`. */
export function problemTarget(where: string, spec: FlowSpec): ProblemTarget {
  let match = /^node '([^']+)'/.exec(where);
  if (match?.[1]) return { kind: "node", id: match[1] };
  match = /^edge (\S+)->(\S+)/.exec(where);
  if (match?.[1] && match[2]) return { kind: "edge", id: `${match[1]}->${match[2]}` };
  match = /^input '([^']+)'/.exec(where);
  if (match?.[1]) return { kind: "input", name: match[1] };
  match = /^output '([^']+)'/.exec(where);
  if (match?.[1]) return { kind: "output", name: match[1] };
  const path = specPath(where);
  match = /^nodes\[(\d+)\]/.exec(path);
  if (match?.[1]) {
    const node = spec.nodes[Number(match[1])];
    if (node) return { kind: "node", id: node.id };
  }
  match = /^edges\[(\d+)\]/.exec(path);
  if (match?.[1]) {
    const edge = (spec.edges ?? [])[Number(match[1])];
    if (edge) return { kind: "edge", id: edgeId(edge) };
  }
  match = /^inputs\.([^.[]+)/.exec(path);
  if (match?.[1]) return { kind: "input", name: match[1] };
  return { kind: "flow" };
}

export interface PinnedProblems {
  byNode: Map<string, string[]>;
  byEdge: Map<string, string[]>;
  /** Problems of the flow itself, its inputs and outputs (shown in the flow's settings). */
  other: { where: string; message: string }[];
}

export function pinProblems(problems: readonly SpecProblem[], spec: FlowSpec): PinnedProblems {
  const pinned: PinnedProblems = { byNode: new Map(), byEdge: new Map(), other: [] };
  for (const problem of problems) {
    const target = problemTarget(problem.where, spec);
    const path = specPath(problem.where);
    const detail = /^(nodes|edges)\[\d+\]\./.test(path) ? `${path.replace(/^(nodes|edges)\[\d+\]\./, "")}: ${problem.message}` : problem.message;
    if (target.kind === "node") pinned.byNode.set(target.id, [...(pinned.byNode.get(target.id) ?? []), detail]);
    else if (target.kind === "edge") pinned.byEdge.set(target.id, [...(pinned.byEdge.get(target.id) ?? []), detail]);
    else pinned.other.push({ where: problem.where, message: problem.message });
  }
  return pinned;
}

/** The flow's inputs as one JSON Schema object (as the server's `input_schema()` builds it). */
export function inputSchema(spec: Pick<FlowSpec, "inputs">): JsonSchema {
  const inputs = (spec.inputs ?? {}) as Record<string, JsonSchema>;
  return {
    type: "object",
    properties: inputs,
    required: Object.entries(inputs)
      .filter(([, schema]) => !("default" in schema))
      .map(([name]) => name),
    additionalProperties: false,
  };
}

/** A spec as the API takes it: no empty optional parts, every node's config an object. */
export function cleanSpec(spec: FlowSpec): FlowSpec {
  const nodes = spec.nodes.map((node) => {
    const copy: NodeSpec = { ...node, config: isRecord(node.config) ? node.config : {} };
    if (copy.timeout === null) delete copy.timeout;
    if (copy.on_error !== "default") delete copy.default;
    return copy;
  });
  return { ...spec, nodes, edges: spec.edges ?? [] };
}

export function emptySpec(name: string): FlowSpec {
  return { name, version: 1, description: "", inputs: {}, nodes: [], edges: [], outputs: {} };
}
