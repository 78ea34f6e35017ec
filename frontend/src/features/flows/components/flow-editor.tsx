// The flow editor: a canvas beside a palette of node types and an inspector. Every change is
// checked by the server as you go (POST /flows/validate) and each problem is pinned on the node
// or edge it names. Saving appends a version; a run uses the saved version.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { AlertTriangle, CheckCircle2, Copy, History, Loader2, Pencil, Play, Plus, Save } from "lucide-react";
import { useCallback, useEffect, useMemo, useState } from "react";
import { Link, useBlocker, useParams } from "react-router";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { FormField } from "@/components/ui/form-field";
import { fieldClass } from "@/components/ui/input";
import { ErrorState } from "@/components/ui/error-state";
import { LoadingRows, Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toast";
import { useSession } from "@/lib/session";
import { cn } from "@/lib/utils";

import { useFlow, useNodeTypes, useTemplate, validateSpec, type FlowDetail, type FlowSpec, type NodeSpec, type NodeType, type SpecProblem } from "../api/flows";
import { withEntry } from "@/lib/records";
import { useDebounced } from "@/lib/use-debounced";
import { layout, type Point } from "@/lib/flow-layout";

import { addEdge, cleanSpec, defaultWhen, edgeId, emptySpec, freeNodeId, pinProblems, placed, problemTarget, removeEdges, removeNodes, renameNode } from "../lib/spec";
import FlowCanvas, { type Selection } from "./flow-canvas";
import { canEdit, CopyTemplateDialog } from "./flows-list";
import { EdgeInspector, FlowSettings, NodeInspector } from "./inspector";
import { RenameDialog } from "./rename-dialog";
import { RunDialog } from "./run-dialog";
import { SaveDialog } from "./save-dialog";
import { VersionsDialog } from "./versions-dialog";

type Source = "new" | "saved" | "template";

export default function FlowEditor({ source }: { source: Source }) {
  const { id, name } = useParams();
  const flow = useFlow(source === "saved" ? id : undefined);
  const template = useTemplate(source === "template" ? name : undefined);
  const nodeTypes = useNodeTypes();

  const loading = (source === "saved" && flow.isPending) || (source === "template" && template.isPending) || nodeTypes.isPending;
  if (loading) {
    return (
      <div className="grid gap-4">
        <Skeleton className="h-9 w-72" />
        <LoadingRows rows={8} label="Loading the flow" />
      </div>
    );
  }
  const failed = source === "saved" ? flow.error : source === "template" ? template.error : null;
  if (failed) {
    return (
      <div className="grid gap-4">
        <BackLink />
        <ErrorState error={failed} title="Could not load this flow" onRetry={() => void (source === "saved" ? flow.refetch() : template.refetch())} />
      </div>
    );
  }
  if (nodeTypes.isError) {
    return <ErrorState error={nodeTypes.error} title="Could not load the node types" onRetry={() => void nodeTypes.refetch()} />;
  }
  const types = nodeTypes.data;
  if (source === "saved" && flow.data) {
    return <Editor key={flow.data.id} mode="saved" flow={flow.data} initial={flow.data.spec} types={types} />;
  }
  if (source === "template" && template.data) {
    return <Editor key={template.data.name} mode="template" templateName={template.data.name} templateDescription={template.data.description} initial={template.data.spec} types={types} />;
  }
  return <Editor key="new" mode="new" initial={emptySpec("new-flow")} types={types} />;
}

function BackLink() {
  return (
    <Link to="/flows" className="text-sm text-muted-foreground underline-offset-4 hover:underline">
      ← All flows
    </Link>
  );
}

interface EditorProps {
  mode: Source;
  initial: FlowSpec;
  types: NodeType[];
  flow?: FlowDetail;
  templateName?: string;
  templateDescription?: string;
}

function Editor({ mode, initial, types, flow, templateName, templateDescription }: EditorProps) {
  const { role } = useSession();
  const readOnly = mode === "template" || !canEdit(role);
  const [spec, setSpec] = useState<FlowSpec>(initial);
  const [positions, setPositions] = useState<Record<string, Point>>(() => layout(initial));
  const [selection, setSelection] = useState<Selection>(null);
  const [dirty, setDirty] = useState(false);
  const [loadedVersion, setLoadedVersion] = useState<number | null>(flow?.latest_version ?? null);
  const [jsonErrors, setJsonErrors] = useState<Record<string, string>>({});
  const [saveProblems, setSaveProblems] = useState<SpecProblem[]>([]);
  const [dialog, setDialog] = useState<"save" | "run" | "history" | "copy" | "rename" | null>(null);
  const [connectFromSelected, setConnectFromSelected] = useState(true);

  const change = useCallback((next: FlowSpec) => {
    setSpec(next);
    setDirty(true);
    setSaveProblems([]);
  }, []);

  const select = useCallback((next: Selection) => {
    setSelection(next);
    setJsonErrors({});
  }, []);

  // Live check of the spec as it is now (after a short pause in typing).
  const cleaned = useMemo(() => cleanSpec(spec), [spec]);
  const settled = useDebounced(cleaned, 600);
  const check = useQuery({
    queryKey: ["flow-check", settled],
    queryFn: () => validateSpec(settled),
    placeholderData: keepPreviousData,
    enabled: settled.nodes.length > 0,
    staleTime: Infinity,
  });
  const problems: SpecProblem[] = useMemo(() => {
    if (saveProblems.length) return saveProblems;
    if (spec.nodes.length === 0) return [{ where: "flow", message: "has no nodes; add at least one from the palette" }];
    return check.data?.problems ?? [];
  }, [saveProblems, spec.nodes.length, check.data]);
  const pinned = useMemo(() => pinProblems(problems, spec), [problems, spec]);
  const checking = check.isFetching || settled !== cleaned;

  // Closing or reloading the tab with unsaved changes asks the browser's own question.
  useEffect(() => {
    if (!dirty || readOnly) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty, readOnly]);

  // Leaving with unsaved changes asks first; the move to a just-saved flow (state.saved) does not.
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty && !readOnly && currentLocation.pathname !== nextLocation.pathname && !(nextLocation.state as { saved?: boolean } | null)?.saved,
  );

  const addNode = (type: NodeType) => {
    const id = freeNodeId(type.name, spec);
    const node: NodeSpec = { id, type: type.name, config: {}, retries: 0, retry_delay: 1, on_error: "fail" };
    let next: FlowSpec = { ...spec, nodes: [...spec.nodes, node] };
    const anchor = selection?.kind === "node" ? spec.nodes.find((item) => item.id === selection.id) : undefined;
    const base = anchor ? positions[anchor.id] : undefined;
    let position: Point;
    if (anchor && base) {
      position = { x: base.x + 230, y: base.y };
      while (Object.values(positions).some((point) => Math.abs(point.x - position.x) < 40 && Math.abs(point.y - position.y) < 60)) {
        position = { x: position.x, y: position.y + 110 };
      }
      if (connectFromSelected) {
        const linked = addEdge(next, anchor.id, id, defaultWhen(next, anchor, null));
        if ("spec" in linked) next = linked.spec;
      }
    } else {
      const bottom = Math.max(-110, ...Object.values(positions).map((point) => point.y));
      position = { x: 0, y: bottom + 110 };
    }
    setPositions({ ...positions, [id]: position });
    change(next);
    select({ kind: "node", id });
    toast({ title: `Added ${id}`, description: anchor && connectFromSelected ? `Connected from ${anchor.id}.` : undefined });
  };

  const connect = (from: string, to: string, handle: string | null) => {
    const source = spec.nodes.find((node) => node.id === from);
    if (!source) return;
    const result = addEdge(spec, from, to, defaultWhen(spec, source, handle));
    if ("reason" in result) {
      toast({ title: "Not connected", description: result.reason, variant: "destructive" });
      return;
    }
    change(result.spec);
    select({ kind: "edge", id: edgeId({ from, to }) });
  };

  const deleteNodes = (ids: string[]) => {
    if (!ids.length) return;
    change(removeNodes(spec, new Set(ids)));
    if (selection && ids.includes(selection.id)) select(null);
  };

  const deleteEdges = (ids: string[]) => {
    if (!ids.length) return;
    change(removeEdges(spec, new Set(ids)));
    if (selection?.kind === "edge" && ids.includes(selection.id)) select(null);
  };

  const rename = (from: string, to: string) => {
    change(renameNode(spec, from, to));
    const { [from]: point, ...rest } = positions;
    setPositions(point ? { ...rest, [to]: point } : rest);
    setSelection({ kind: "node", id: to });
  };

  const move = useCallback((id: string, point: Point) => {
    setPositions((previous) => ({ ...previous, [id]: point }));
    setDirty(true); // where a node sits is saved with the flow
  }, []);

  const loadVersion = (version: number, loaded: FlowSpec) => {
    setSpec(loaded);
    setPositions(layout(loaded, positions));
    setLoadedVersion(version);
    setDirty(version !== flow?.latest_version);
    setSaveProblems([]);
    select(null);
    toast({ title: `Opened version ${version}`, description: version !== flow?.latest_version ? "Save to make it the latest version." : undefined });
  };

  const selectedNode = selection?.kind === "node" ? spec.nodes.find((node) => node.id === selection.id) : undefined;
  const selectedEdge = selection?.kind === "edge" ? (spec.edges ?? []).find((edge) => edgeId(edge) === selection.id) : undefined;
  const blockingJson = Object.keys(jsonErrors).length > 0;
  const title = mode === "template" ? templateName : mode === "new" ? "New flow" : flow?.name;

  return (
    <div className="grid gap-4">
      <BackLink />
      <header className="flex flex-wrap items-center gap-3">
        <h1 className="font-mono text-2xl font-semibold">{title}</h1>
        {mode === "saved" && flow ? <Badge variant="secondary">latest v{flow.latest_version}</Badge> : null}
        {mode === "template" ? <Badge variant="outline">Template (read-only)</Badge> : null}
        {loadedVersion !== null && flow && loadedVersion !== flow.latest_version ? <Badge variant="warning" className="text-foreground">from v{loadedVersion}</Badge> : null}
        {dirty && !readOnly ? <Badge variant="warning" className="text-foreground">Unsaved changes</Badge> : null}
        <CheckSummary checking={checking} count={problems.length} failed={check.isError} />
        <div className="ms-auto flex flex-wrap gap-2">
          {mode === "saved" && flow && canEdit(role) ? (
            <Button variant="outline" onClick={() => setDialog("rename")}>
              <Pencil aria-hidden="true" />
              Rename
            </Button>
          ) : null}
          {mode === "saved" && flow ? (
            <Button variant="outline" onClick={() => setDialog("history")}>
              <History aria-hidden="true" />
              History
            </Button>
          ) : null}
          {mode === "template" && canEdit(role) ? (
            <Button onClick={() => setDialog("copy")}>
              <Copy aria-hidden="true" />
              Copy to workspace
            </Button>
          ) : null}
          {!readOnly ? (
            <Button variant="outline" onClick={() => setDialog("save")} disabled={blockingJson || (mode === "saved" && !dirty)}>
              <Save aria-hidden="true" />
              {mode === "new" ? "Save flow" : "Save version"}
            </Button>
          ) : null}
          {mode === "saved" && flow && canEdit(role) ? (
            <Button onClick={() => setDialog("run")}>
              <Play aria-hidden="true" />
              Run
            </Button>
          ) : null}
        </div>
      </header>
      {blockingJson ? (
        <Alert variant="warning">
          <AlertTriangle aria-hidden="true" />
          <AlertTitle>A JSON field does not parse</AlertTitle>
          <AlertDescription>Fix it before saving; until then the last valid value is kept.</AlertDescription>
        </Alert>
      ) : null}

      <div className="grid gap-4 lg:grid-cols-[14rem_minmax(0,1fr)_22rem]">
        {!readOnly ? (
          <Palette types={types} onAdd={addNode} anchor={selectedNode?.id ?? null} connect={connectFromSelected} onConnectChange={setConnectFromSelected} />
        ) : (
          <NodeTypeLegend types={types} spec={spec} />
        )}
        <section aria-label="Canvas" className="h-[32rem] overflow-hidden rounded-lg border bg-muted/20 lg:h-[40rem]">
          {spec.nodes.length === 0 ? (
            <EmptyState icon={Plus} title="An empty flow" className="h-full border-0">
              Add a node from the palette. Connect nodes by dragging from a node's right edge to another node, or from the inspector.
            </EmptyState>
          ) : (
            <FlowCanvas
              spec={spec}
              positions={positions}
              onMove={move}
              pinned={pinned}
              selection={selection}
              onSelect={select}
              onConnect={connect}
              onDeleteNodes={deleteNodes}
              onDeleteEdges={deleteEdges}
              readOnly={readOnly}
            />
          )}
        </section>
        <aside aria-label="Inspector" className="grid content-start gap-4">
          <FormField label="Show in the inspector">
            {(control) => (
              <select
                className={cn(fieldClass, "h-9")}
                value={selection ? `${selection.kind}:${selection.id}` : ""}
                onChange={(event) => {
                  const value = event.target.value;
                  if (!value) select(null);
                  else if (value.startsWith("node:")) select({ kind: "node", id: value.slice(5) });
                  else select({ kind: "edge", id: value.slice(5) });
                }}
                {...control}
              >
                <option value="">The flow (description, inputs, outputs)</option>
                <optgroup label="Nodes">
                  {spec.nodes.map((node) => (
                    <option key={node.id} value={`node:${node.id}`}>
                      {node.id} ({node.type}){pinned.byNode.has(node.id) ? " ⚠" : ""}
                    </option>
                  ))}
                </optgroup>
                {(spec.edges ?? []).length ? (
                  <optgroup label="Edges">
                    {(spec.edges ?? []).map((edge) => (
                      <option key={edgeId(edge)} value={`edge:${edgeId(edge)}`}>
                        {edge.from} → {edge.to}
                        {edge.when ? ` (${edge.when})` : ""}
                        {pinned.byEdge.has(edgeId(edge)) ? " ⚠" : ""}
                      </option>
                    ))}
                  </optgroup>
                ) : null}
              </select>
            )}
          </FormField>
          {selectedNode ? (
            <NodeInspector
              key={`node-${selectedNode.id}`}
              spec={spec}
              node={selectedNode}
              nodeType={types.find((type) => type.name === selectedNode.type)}
              taskTypes={types.filter((type) => type.kind === "task").map((type) => type.name)}
              problems={pinned.byNode.get(selectedNode.id) ?? []}
              readOnly={readOnly}
              onChange={change}
              onRename={rename}
              onDelete={() => deleteNodes([selectedNode.id])}
              onSelect={select}
              onJsonError={(path, message) =>
                setJsonErrors((previous) => withEntry(previous, path, message))
              }
            />
          ) : selectedEdge ? (
            <EdgeInspector
              key={`edge-${edgeId(selectedEdge)}`}
              spec={spec}
              edge={selectedEdge}
              problems={pinned.byEdge.get(edgeId(selectedEdge)) ?? []}
              readOnly={readOnly}
              onChange={change}
              onDelete={() => deleteEdges([edgeId(selectedEdge)])}
              onSelect={select}
            />
          ) : (
            <FlowSettings
              spec={spec}
              problems={pinned.other}
              readOnly={readOnly}
              onChange={change}
              onSelect={select}
              nodeProblems={pinned.byNode}
              onJsonError={(path, message) =>
                setJsonErrors((previous) => withEntry(previous, path, message))
              }
            />
          )}
        </aside>
      </div>

      <ProblemsPanel problems={problems} spec={spec} onSelect={select} />

      {dialog === "save" ? (
        <SaveDialog
          mode={mode === "new" ? "new" : "version"}
          flowId={flow?.id}
          spec={placed(cleaned, positions)}
          onClose={() => setDialog(null)}
          onSaved={(version) => {
            setDirty(false);
            setLoadedVersion(version);
          }}
          onProblems={setSaveProblems}
        />
      ) : null}
      {dialog === "rename" && flow ? <RenameDialog flow={flow} onClose={() => setDialog(null)} /> : null}
      {dialog === "run" && flow ? <RunDialog flow={flow} dirty={dirty} onClose={() => setDialog(null)} /> : null}
      {dialog === "history" && flow ? (
        <VersionsDialog flow={flow} dirty={dirty} loaded={loadedVersion} onClose={() => setDialog(null)} onOpen={loadVersion} />
      ) : null}
      {mode === "template" ? (
        <CopyTemplateDialog
          key={dialog === "copy" ? "open" : "closed"}
          template={dialog === "copy" ? (templateName ?? null) : null}
          description={templateDescription ?? ""}
          onClose={() => setDialog(null)}
        />
      ) : null}
      <Dialog open={blocker.state === "blocked"} onOpenChange={(open) => !open && blocker.reset?.()}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Leave without saving?</DialogTitle>
            <DialogDescription>This flow has changes that are not saved as a version. They are lost if you leave.</DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <Button variant="outline" onClick={() => blocker.reset?.()}>
              Stay
            </Button>
            <Button variant="destructive" onClick={() => blocker.proceed?.()}>
              Leave
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </div>
  );
}

function CheckSummary({ checking, count, failed }: { checking: boolean; count: number; failed: boolean }) {
  return (
    <span role="status" aria-live="polite" className="inline-flex items-center gap-1 text-sm">
      {checking ? (
        <>
          <Loader2 aria-hidden="true" className="size-4 animate-spin" />
          Checking…
        </>
      ) : failed ? (
        <span className="text-destructive">Could not check the flow</span>
      ) : count === 0 ? (
        <>
          <CheckCircle2 aria-hidden="true" className="size-4 text-success" />
          No problems
        </>
      ) : (
        <>
          <AlertTriangle aria-hidden="true" className="size-4 text-destructive" />
          {count} problem{count === 1 ? "" : "s"}
        </>
      )}
    </span>
  );
}

function Palette({
  types,
  onAdd,
  anchor,
  connect,
  onConnectChange,
}: {
  types: NodeType[];
  onAdd: (type: NodeType) => void;
  anchor: string | null;
  connect: boolean;
  onConnectChange: (value: boolean) => void;
}) {
  return (
    <section aria-labelledby="palette-title" className="grid content-start gap-2">
      <h2 id="palette-title" className="text-sm font-semibold">
        Add a node
      </h2>
      {anchor ? (
        <label className="flex items-start gap-2 text-xs text-muted-foreground">
          <input type="checkbox" className="mt-0.5 size-4 accent-primary" checked={connect} onChange={(event) => onConnectChange(event.target.checked)} />
          Connect from {anchor}
        </label>
      ) : null}
      {types.length === 0 ? (
        <p className="text-sm text-muted-foreground">No node types are registered.</p>
      ) : (
        <ul className="grid max-h-[36rem] gap-1 overflow-y-auto pe-1">
          {types.map((type) => (
            <li key={type.name} className="grid gap-0.5 rounded-md border bg-card px-2 py-1.5 text-sm has-[button:hover]:bg-accent">
              <button
                type="button"
                onClick={() => onAdd(type)}
                aria-describedby={`palette-${type.name}`}
                className="flex items-center gap-1 rounded-sm text-start font-mono font-medium focus-visible:outline-2 focus-visible:outline-ring"
              >
                <Plus aria-hidden="true" className="size-3" />
                <span className="sr-only">Add </span>
                {type.name}
                {type.kind !== "task" ? <span className="ms-auto text-[10px] uppercase text-muted-foreground">{type.kind}</span> : null}
              </button>
              <p id={`palette-${type.name}`} className="text-xs text-muted-foreground">
                {type.description}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function NodeTypeLegend({ types, spec }: { types: NodeType[]; spec: FlowSpec }) {
  const used = [...new Set(spec.nodes.map((node) => node.type))];
  return (
    <section aria-labelledby="legend-title" className="grid content-start gap-2">
      <h2 id="legend-title" className="text-sm font-semibold">
        Node types in this flow
      </h2>
      <ul className="grid gap-1 text-sm">
        {used.map((name) => (
          <li key={name} className="rounded-md border bg-card px-2 py-1.5">
            <span className="font-mono font-medium">{name}</span>
            <span className="block text-xs text-muted-foreground">{types.find((type) => type.name === name)?.description ?? "Not registered here."}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function ProblemsPanel({ problems, spec, onSelect }: { problems: SpecProblem[]; spec: FlowSpec; onSelect: (selection: Selection) => void }) {
  if (problems.length === 0) return null;
  return (
    <section aria-labelledby="problems-title" className="grid gap-2 rounded-lg border border-destructive/40 p-3">
      <h2 id="problems-title" className="text-sm font-semibold text-destructive">
        {problems.length} problem{problems.length === 1 ? "" : "s"} to fix before this flow can be saved
      </h2>
      <ul className="grid gap-1 text-sm">
        {problems.map((problem, index) => {
          const target = problemTarget(problem.where, spec);
          const selectable = target.kind === "node" || target.kind === "edge";
          return (
            <li key={`${problem.where}-${index}`} className="flex flex-wrap items-baseline gap-2">
              {selectable ? (
                <Button variant="link" size="sm" className="h-auto p-0 font-mono" onClick={() => onSelect(target.kind === "node" ? { kind: "node", id: target.id } : { kind: "edge", id: target.id })}>
                  {problem.where}
                </Button>
              ) : (
                <Button variant="link" size="sm" className="h-auto p-0 font-mono" onClick={() => onSelect(null)}>
                  {problem.where}
                </Button>
              )}
              <span>{problem.message}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
