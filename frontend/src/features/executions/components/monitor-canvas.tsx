// The run's flow on a read-only canvas, each node coloured and labelled by its live state.
// Nodes are focusable; selecting one (click, or Tab then Enter) opens it in the inspector.
import "@xyflow/react/dist/style.css";

import {
  Background,
  Controls,
  Handle,
  MarkerType,
  MiniMap,
  Position,
  ReactFlow,
  type Edge,
  type Node,
  type NodeChange,
  type NodeProps,
} from "@xyflow/react";
import { useCallback, useMemo, useState } from "react";

import { useTheme } from "@/lib/theme";
import { cn } from "@/lib/utils";

import type { FlowSpec, NodeStatus } from "../api/executions";
import { layout, type Point } from "@/lib/flow-layout";

interface StateData extends Record<string, unknown> {
  id: string;
  type: string;
  status: string;
  runs: number;
}

type StateNode = Node<StateData, "state">;

const BORDER: Record<string, string> = {
  running: "border-primary",
  completed: "border-success",
  failed: "border-destructive",
  waiting: "border-warning",
  cancelled: "border-muted-foreground",
  skipped: "border-dashed border-muted-foreground",
};

function StateNodeView({ data, selected }: NodeProps<StateNode>) {
  return (
    <div
      className={cn(
        "min-w-40 rounded-lg border-2 bg-card px-3 py-2 text-card-foreground shadow-sm",
        BORDER[data.status] ?? "border-border",
        selected && "ring-2 ring-ring ring-offset-2 ring-offset-background",
        data.status === "skipped" && "opacity-60",
      )}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="flex items-center justify-between gap-2">
        <span className="font-mono text-sm font-semibold">{data.id}</span>
        {data.status === "running" ? <span aria-hidden="true" className="size-2 animate-pulse rounded-full bg-primary" /> : null}
      </div>
      <div className="flex items-center justify-between gap-2 text-xs text-muted-foreground">
        <span>{data.type}</span>
        <span className={cn(data.status === "failed" && "text-destructive", data.status === "completed" && "text-success", data.status === "waiting" && "text-warning")}>
          {data.status}
          {data.runs > 1 ? ` ×${data.runs}` : ""}
        </span>
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

const nodeTypes = { state: StateNodeView };

export default function MonitorCanvas({
  spec,
  nodes: states,
  selected,
  onSelect,
}: {
  spec: FlowSpec;
  nodes: NodeStatus[];
  selected: string | null;
  onSelect: (id: string | null) => void;
}) {
  const { resolved } = useTheme();
  const [positions, setPositions] = useState<Record<string, Point>>(() => layout(spec));
  const [measured, setMeasured] = useState<Record<string, { width: number; height: number }>>({});
  const byId = useMemo(() => new Map(states.map((state) => [state.id, state])), [states]);

  const nodes = useMemo<StateNode[]>(
    () =>
      spec.nodes.map((node) => {
        const state = byId.get(node.id);
        const status = state?.status ?? "pending";
        return {
          id: node.id,
          type: "state",
          position: positions[node.id] ?? { x: 0, y: 0 },
          measured: measured[node.id],
          selected: selected === node.id,
          connectable: false,
          ariaLabel: `Node ${node.id}, ${node.type}, ${status}${state && state.runs > 1 ? `, ran ${state.runs} times` : ""}`,
          data: { id: node.id, type: node.type, status, runs: state?.runs ?? 0 },
        };
      }),
    [spec.nodes, byId, positions, measured, selected],
  );

  const edges = useMemo<Edge[]>(
    () =>
      (spec.edges ?? []).map((edge) => {
        const from = byId.get(edge.from)?.status;
        const to = byId.get(edge.to)?.status;
        const taken = from === "completed" && to !== undefined && to !== "pending" && to !== "skipped";
        return {
          id: `${edge.from}->${edge.to}`,
          source: edge.from,
          target: edge.to,
          label: edge.when ?? undefined,
          animated: to === "running",
          focusable: false,
          selectable: false,
          markerEnd: { type: MarkerType.ArrowClosed },
          style: edge.when === "error" ? { stroke: "var(--destructive)", strokeDasharray: "4 3" } : taken ? { stroke: "var(--success)", strokeWidth: 2 } : undefined,
        };
      }),
    [spec.edges, byId],
  );

  const handleNodesChange = useCallback(
    (changes: NodeChange<StateNode>[]) => {
      const sizes: Record<string, { width: number; height: number }> = {};
      const moved: Record<string, Point> = {};
      for (const change of changes) {
        if (change.type === "dimensions" && change.dimensions) sizes[change.id] = change.dimensions;
        else if (change.type === "position" && change.position) moved[change.id] = change.position;
        else if (change.type === "select" && change.selected) onSelect(change.id);
      }
      if (Object.keys(sizes).length) setMeasured((previous) => ({ ...previous, ...sizes }));
      if (Object.keys(moved).length) setPositions((previous) => ({ ...previous, ...moved }));
    },
    [onSelect],
  );

  return (
    <ReactFlow<StateNode>
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      onNodesChange={handleNodesChange}
      onPaneClick={() => onSelect(null)}
      nodesConnectable={false}
      nodesFocusable
      edgesFocusable={false}
      deleteKeyCode={null}
      fitView
      fitViewOptions={{ padding: 0.15, minZoom: 0.5, maxZoom: 1.2 }}
      minZoom={0.2}
      colorMode={resolved}
    >
      <Background />
      <Controls showInteractive={false} />
      <MiniMap pannable zoomable ariaLabel="Overview of the flow" />
    </ReactFlow>
  );
}
