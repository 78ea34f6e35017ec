// The editor's canvas: React Flow over a flow spec. Nodes are focusable (Tab, then Enter to
// select, arrow keys to move, Delete to remove); everything done here by dragging can also be
// done from the inspector beside it.
import "@xyflow/react/dist/style.css";

import {
  Background,
  Controls,
  Handle,
  MarkerType,
  MiniMap,
  Position,
  ReactFlow,
  useUpdateNodeInternals,
  type Connection,
  type Edge,
  type EdgeChange,
  type Node,
  type NodeChange,
  type NodeProps,
  type ReactFlowInstance,
} from "@xyflow/react";
import { AlertTriangle } from "lucide-react";
import { useCallback, useEffect, useMemo, useState } from "react";

import { useTheme } from "@/lib/theme";
import { cn } from "@/lib/utils";

import type { FlowSpec } from "../api/flows";
import type { Point } from "@/lib/flow-layout";

import { CONDITION_TYPE, edgeId, type PinnedProblems } from "../lib/spec";

export type Selection = { kind: "node"; id: string } | { kind: "edge"; id: string } | null;

interface StepData extends Record<string, unknown> {
  id: string;
  type: string;
  problems: string[];
  branches: boolean;
  errorBranch: boolean;
  readOnly: boolean;
}

type StepNode = Node<StepData, "step">;

function StepNodeView({ id, data, selected }: NodeProps<StepNode>) {
  const hasProblems = data.problems.length > 0;
  const updateInternals = useUpdateNodeInternals();
  // An error handle comes and goes with on_error: measure the handles again.
  useEffect(() => updateInternals(id), [id, data.errorBranch, updateInternals]);
  return (
    <div
      className={cn(
        "min-w-40 rounded-lg border-2 bg-card px-3 py-2 text-card-foreground shadow-sm",
        selected ? "border-primary" : hasProblems ? "border-destructive" : "border-border",
      )}
      title={hasProblems ? data.problems.join("\n") : undefined}
    >
      <Handle type="target" position={Position.Left} id="in" isConnectable={!data.readOnly} />
      <div className="flex items-center justify-between gap-2">
        <span className="font-mono text-sm font-semibold">{data.id}</span>
        {hasProblems ? (
          <span className="inline-flex items-center gap-0.5 rounded bg-destructive/15 px-1 text-xs font-medium text-destructive">
            <AlertTriangle aria-hidden="true" className="size-3" />
            {data.problems.length}
          </span>
        ) : null}
      </div>
      <div className="text-xs text-muted-foreground">{data.type}</div>
      {data.branches ? (
        <>
          <Handle type="source" position={Position.Right} id="true" style={{ top: "35%" }} isConnectable={!data.readOnly} />
          <Handle type="source" position={Position.Right} id="false" style={{ top: "70%" }} isConnectable={!data.readOnly} />
          <span className="pointer-events-none absolute -right-9 top-[22%] text-[10px] text-muted-foreground">true</span>
          <span className="pointer-events-none absolute -right-10 top-[58%] text-[10px] text-muted-foreground">false</span>
        </>
      ) : (
        <Handle type="source" position={Position.Right} id="out" isConnectable={!data.readOnly} />
      )}
      {data.errorBranch ? (
        <>
          <Handle type="source" position={Position.Bottom} id="error" className="!bg-destructive" isConnectable={!data.readOnly} />
          <span className="pointer-events-none absolute -bottom-5 left-1/2 -translate-x-1/2 text-[10px] text-destructive">error</span>
        </>
      ) : null}
    </div>
  );
}

const nodeTypes = { step: StepNodeView };

export interface FlowCanvasProps {
  spec: FlowSpec;
  positions: Record<string, Point>;
  onMove: (id: string, position: Point) => void;
  pinned: PinnedProblems;
  selection: Selection;
  onSelect: (selection: Selection) => void;
  onConnect?: (from: string, to: string, handle: string | null) => void;
  onDeleteNodes?: (ids: string[]) => void;
  onDeleteEdges?: (ids: string[]) => void;
  readOnly?: boolean;
}

export default function FlowCanvas({
  spec,
  positions,
  onMove,
  pinned,
  selection,
  onSelect,
  onConnect,
  onDeleteNodes,
  onDeleteEdges,
  readOnly = false,
}: FlowCanvasProps) {
  const { resolved } = useTheme();
  const [instance, setInstance] = useState<ReactFlowInstance<StepNode> | null>(null);
  const count = spec.nodes.length;
  // A node added or removed: show the whole flow again, so the new node is in view.
  useEffect(() => {
    if (!instance) return;
    // After the new node is measured (a frame or two later).
    const timer = setTimeout(() => void instance.fitView({ padding: 0.15, minZoom: 0.5, maxZoom: 1.2, duration: 200 }), 80);
    return () => clearTimeout(timer);
  }, [instance, count]);
  const [measured, setMeasured] = useState<Record<string, { width: number; height: number }>>({});
  const nodes = useMemo<StepNode[]>(
    () =>
      spec.nodes.map((node) => {
        const problems = pinned.byNode.get(node.id) ?? [];
        return {
          id: node.id,
          type: "step",
          position: positions[node.id] ?? { x: 0, y: 0 },
          measured: measured[node.id],
          selected: selection?.kind === "node" && selection.id === node.id,
          ariaLabel: `Node ${node.id}, type ${node.type}${problems.length ? `, ${problems.length} problem${problems.length === 1 ? "" : "s"}` : ""}`,
          data: {
            id: node.id,
            type: node.type,
            problems,
            branches: node.type === CONDITION_TYPE,
            errorBranch: node.on_error === "branch",
            readOnly,
          },
        };
      }),
    [spec.nodes, positions, measured, pinned, selection, readOnly],
  );

  const edges = useMemo<Edge[]>(
    () =>
      (spec.edges ?? []).map((edge) => {
        const id = edgeId(edge);
        const problems = pinned.byEdge.get(id) ?? [];
        const source = spec.nodes.find((node) => node.id === edge.from);
        const handle = edge.when === "error" ? "error" : source?.type === CONDITION_TYPE ? (edge.when ?? "true") : "out";
        return {
          id,
          source: edge.from,
          target: edge.to,
          sourceHandle: handle === "true" || handle === "false" || handle === "error" ? handle : "out",
          targetHandle: "in",
          label: problems.length ? `${edge.when ?? ""} ⚠ ${problems.length}`.trim() : (edge.when ?? undefined),
          selected: selection?.kind === "edge" && selection.id === id,
          ariaLabel: `Edge from ${edge.from} to ${edge.to}${edge.when ? ` when ${edge.when}` : ""}${problems.length ? `, ${problems.length} problem${problems.length === 1 ? "" : "s"}` : ""}`,
          markerEnd: { type: MarkerType.ArrowClosed },
          style: problems.length ? { stroke: "var(--destructive)", strokeWidth: 2 } : edge.when === "error" ? { stroke: "var(--destructive)", strokeDasharray: "4 3" } : undefined,
        };
      }),
    [spec.edges, spec.nodes, pinned, selection],
  );

  const handleNodesChange = useCallback(
    (changes: NodeChange<StepNode>[]) => {
      const sizes: Record<string, { width: number; height: number }> = {};
      for (const change of changes) {
        if (change.type === "position" && change.position && !readOnly) onMove(change.id, change.position);
        else if (change.type === "dimensions" && change.dimensions) sizes[change.id] = change.dimensions;
        else if (change.type === "select" && change.selected) onSelect({ kind: "node", id: change.id });
      }
      if (Object.keys(sizes).length) setMeasured((previous) => ({ ...previous, ...sizes }));
    },
    [onMove, onSelect, readOnly],
  );

  const handleEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      for (const change of changes) {
        if (change.type === "select" && change.selected) onSelect({ kind: "edge", id: change.id });
      }
    },
    [onSelect],
  );

  return (
    <ReactFlow<StepNode>
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      onNodesChange={handleNodesChange}
      onEdgesChange={handleEdgesChange}
      onPaneClick={() => onSelect(null)}
      onInit={setInstance}
      onConnect={(connection: Connection) => onConnect?.(connection.source, connection.target, connection.sourceHandle ?? null)}
      onNodesDelete={(deleted) => onDeleteNodes?.(deleted.map((node) => node.id))}
      onEdgesDelete={(deleted) => onDeleteEdges?.(deleted.map((edge) => edge.id))}
      nodesDraggable={!readOnly}
      nodesConnectable={!readOnly}
      elementsSelectable
      nodesFocusable
      edgesFocusable
      deleteKeyCode={readOnly ? null : ["Delete", "Backspace"]}
      fitView
      fitViewOptions={{ padding: 0.15, minZoom: 0.5, maxZoom: 1.2 }}
      minZoom={0.2}
      proOptions={{ hideAttribution: false }}
      colorMode={resolved}
    >
      <Background />
      <Controls showInteractive={false} />
      <MiniMap pannable zoomable ariaLabel="Overview of the flow" />
    </ReactFlow>
  );
}
