// The editor's inspector: the selected node (config form from its type's JSON Schema, retries,
// error handling, connections), the selected edge (its branch), or the flow itself (description,
// inputs, outputs, and every node as a list, so nothing needs the canvas).
import { AlertTriangle, ArrowRight, Trash2 } from "lucide-react";
import { useState, type ReactNode } from "react";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { fieldClass, Input } from "@/components/ui/input";
import { Separator } from "@/components/ui/separator";
import { Textarea } from "@/components/ui/textarea";
import { cn } from "@/lib/utils";

import type { EdgeSpec, FlowSpec, NodeSpec, NodeType } from "../api/flows";
import { isRecord } from "@/lib/json-schema";
import { addEdge, CONDITION_TYPE, defaultWhen, edgeId, nodeIdProblem, updateNode } from "../lib/spec";
import type { Selection } from "./flow-canvas";
import { JsonField, SchemaForm } from "@/components/schema-form/schema-form";

type JsonErrorHandler = (path: string, message: string | null) => void;

function ProblemList({ problems }: { problems: string[] }) {
  if (!problems.length) return null;
  return (
    <Alert variant="destructive">
      <AlertTriangle aria-hidden="true" />
      <AlertTitle>
        {problems.length} problem{problems.length === 1 ? "" : "s"}
      </AlertTitle>
      <AlertDescription>
        <ul className="list-disc ps-4">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      </AlertDescription>
    </Alert>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="grid gap-3">
      <h3 className="text-sm font-semibold">{title}</h3>
      {children}
    </div>
  );
}

const WHEN_LABELS: Record<string, string> = { "": "Always", true: "When true", false: "When false", error: "On error" };

function whenOptions(source: NodeSpec | undefined): string[] {
  const options = [""];
  if (source?.type === CONDITION_TYPE) options.push("true", "false");
  if (source?.on_error === "branch") options.push("error");
  return options;
}

function WhenSelect({ edge, spec, onChange, disabled, label }: { edge: EdgeSpec; spec: FlowSpec; onChange: (when: string | null) => void; disabled?: boolean; label: string }) {
  const source = spec.nodes.find((node) => node.id === edge.from);
  const options = whenOptions(source);
  const current = edge.when ?? "";
  if (!options.includes(current)) options.push(current);
  return (
    <select
      aria-label={label}
      className={cn(fieldClass, "h-8 w-auto")}
      value={current}
      disabled={disabled}
      onChange={(event) => onChange(event.target.value || null)}
    >
      {options.map((option) => (
        <option key={option} value={option}>
          {WHEN_LABELS[option] ?? option}
        </option>
      ))}
    </select>
  );
}

function setWhen(spec: FlowSpec, id: string, when: string | null): FlowSpec {
  return {
    ...spec,
    edges: (spec.edges ?? []).map((edge) => {
      if (edgeId(edge) !== id) return edge;
      return when ? { from: edge.from, to: edge.to, when } : { from: edge.from, to: edge.to };
    }),
  };
}

export function NodeInspector({
  spec,
  node,
  nodeType,
  taskTypes,
  problems,
  readOnly,
  onChange,
  onRename,
  onDelete,
  onSelect,
  onJsonError,
}: {
  spec: FlowSpec;
  node: NodeSpec;
  nodeType: NodeType | undefined;
  /** Names of the task node types (what a map node's child may be). */
  taskTypes: string[];
  problems: string[];
  readOnly: boolean;
  onChange: (spec: FlowSpec) => void;
  onRename: (from: string, to: string) => void;
  onDelete: () => void;
  onSelect: (selection: Selection) => void;
  onJsonError: JsonErrorHandler;
}) {
  const [name, setName] = useState(node.id);
  const nameProblem = name === node.id ? null : nodeIdProblem(name, spec, node.id);
  const [target, setTarget] = useState("");
  const edit = (change: (current: NodeSpec) => NodeSpec) => onChange(updateNode(spec, node.id, change));
  const outgoing = (spec.edges ?? []).filter((edge) => edge.from === node.id);
  const incoming = (spec.edges ?? []).filter((edge) => edge.to === node.id);
  const candidates = spec.nodes.filter((other) => other.id !== node.id && !outgoing.some((edge) => edge.to === other.id));
  const config = isRecord(node.config) ? node.config : {};
  const commitName = () => {
    if (name !== node.id && !nameProblem) onRename(node.id, name);
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle className="font-mono">{node.id}</CardTitle>
        <CardDescription>
          <span className="font-mono">{node.type}</span>
          {nodeType ? ` — ${nodeType.description}` : " — this node type is not registered on the server."}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-5">
        <ProblemList problems={problems} />
        <FormField label="Id" error={nameProblem ?? undefined} hint="Templates read this node's output by its id.">
          {(control) => (
            <div className="flex gap-2">
              <Input
                value={name}
                disabled={readOnly}
                onChange={(event) => setName(event.target.value)}
                onBlur={commitName}
                onKeyDown={(event) => {
                  if (event.key === "Enter") {
                    event.preventDefault();
                    commitName();
                  }
                }}
                {...control}
              />
              {!readOnly && name !== node.id ? (
                <Button variant="outline" size="sm" className="h-9" disabled={Boolean(nameProblem)} onClick={commitName}>
                  Rename
                </Button>
              ) : null}
            </div>
          )}
        </FormField>

        <Section title="Config">
          {nodeType ? (
            <SchemaForm
              schema={nodeType.config_schema}
              value={config}
              choices={nodeType.kind === "map" ? { "node.type": taskTypes } : undefined}
              disabled={readOnly}
              onChange={(next) => edit((current) => ({ ...current, config: next }))}
              onJsonError={onJsonError}
            />
          ) : (
            <JsonField label="Config" path="config" value={config} disabled={readOnly} onChange={(next) => edit((current) => ({ ...current, config: isRecord(next) ? next : {} }))} onJsonError={onJsonError} />
          )}
        </Section>

        <Separator />
        <Section title="Failures">
          <div className="grid grid-cols-2 gap-3">
            <FormField label="Retries" hint="Extra attempts, 0–10.">
              {(control) => (
                <Input
                  type="number"
                  min={0}
                  max={10}
                  step={1}
                  value={String(node.retries)}
                  disabled={readOnly}
                  onChange={(event) => edit((current) => ({ ...current, retries: Math.max(0, Math.min(10, Math.round(Number(event.target.value) || 0))) }))}
                  {...control}
                />
              )}
            </FormField>
            <FormField label="First backoff (s)" hint="Doubled each retry.">
              {(control) => (
                <Input
                  type="number"
                  min={0}
                  max={600}
                  step="any"
                  value={String(node.retry_delay)}
                  disabled={readOnly}
                  onChange={(event) => edit((current) => ({ ...current, retry_delay: Math.max(0, Math.min(600, Number(event.target.value) || 0)) }))}
                  {...control}
                />
              )}
            </FormField>
          </div>
          <FormField label="Timeout per attempt (s)" hint="Empty: no limit.">
            {(control) => (
              <Input
                type="number"
                min={0}
                max={86400}
                step="any"
                value={node.timeout == null ? "" : String(node.timeout)}
                disabled={readOnly}
                onChange={(event) => {
                  const text = event.target.value;
                  edit((current) => ({ ...current, timeout: text === "" ? null : Number(text) }));
                }}
                {...control}
              />
            )}
          </FormField>
          <FormField label="When it fails" hint="Stop the run, go on with a default output, or follow the edges marked “On error”.">
            {(control) => (
              <select
                className={cn(fieldClass, "h-9")}
                value={node.on_error}
                disabled={readOnly}
                onChange={(event) => {
                  const value = event.target.value as NodeSpec["on_error"];
                  let next = updateNode(spec, node.id, (current) => ({ ...current, on_error: value }));
                  if (value !== "branch") {
                    // Error edges only make sense with on_error branch: turn them into plain ones.
                    for (const edge of outgoing.filter((item) => item.when === "error")) next = setWhen(next, edgeId(edge), null);
                  }
                  onChange(next);
                }}
                {...control}
              >
                <option value="fail">Fail the run</option>
                <option value="default">Use a default output</option>
                <option value="branch">Follow the error branch</option>
              </select>
            )}
          </FormField>
          {node.on_error === "default" ? (
            <JsonField label="Default output" path="default" value={node.default ?? null} disabled={readOnly} onChange={(next) => edit((current) => ({ ...current, default: next }))} onJsonError={onJsonError} rows={2} />
          ) : null}
        </Section>

        <Separator />
        <Section title="Connections">
          {incoming.length === 0 && outgoing.length === 0 ? <p className="text-sm text-muted-foreground">Not connected to any node.</p> : null}
          <ul className="grid gap-2 text-sm">
            {incoming.map((edge) => (
              <li key={edgeId(edge)} className="flex flex-wrap items-center gap-2">
                <Button variant="link" size="sm" className="h-auto p-0 font-mono" onClick={() => onSelect({ kind: "node", id: edge.from })}>
                  {edge.from}
                </Button>
                <ArrowRight aria-hidden="true" className="size-3" />
                <span className="font-mono">{node.id}</span>
                {edge.when ? <span className="text-xs text-muted-foreground">({WHEN_LABELS[edge.when] ?? edge.when})</span> : null}
                {!readOnly ? (
                  <Button variant="ghost" size="sm" className="ms-auto" aria-label={`Remove the edge from ${edge.from}`} onClick={() => onChange({ ...spec, edges: (spec.edges ?? []).filter((item) => edgeId(item) !== edgeId(edge)) })}>
                    <Trash2 aria-hidden="true" />
                  </Button>
                ) : null}
              </li>
            ))}
            {outgoing.map((edge) => (
              <li key={edgeId(edge)} className="flex flex-wrap items-center gap-2">
                <span className="font-mono">{node.id}</span>
                <ArrowRight aria-hidden="true" className="size-3" />
                <Button variant="link" size="sm" className="h-auto p-0 font-mono" onClick={() => onSelect({ kind: "node", id: edge.to })}>
                  {edge.to}
                </Button>
                <WhenSelect edge={edge} spec={spec} disabled={readOnly} label={`Branch of the edge to ${edge.to}`} onChange={(when) => onChange(setWhen(spec, edgeId(edge), when))} />
                {!readOnly ? (
                  <Button variant="ghost" size="sm" className="ms-auto" aria-label={`Remove the edge to ${edge.to}`} onClick={() => onChange({ ...spec, edges: (spec.edges ?? []).filter((item) => edgeId(item) !== edgeId(edge)) })}>
                    <Trash2 aria-hidden="true" />
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
          {!readOnly && candidates.length > 0 ? (
            <div className="flex items-end gap-2">
              <FormField label="Connect to" className="flex-1">
                {(control) => (
                  <select className={cn(fieldClass, "h-9")} value={target} onChange={(event) => setTarget(event.target.value)} {...control}>
                    <option value="">Choose a node…</option>
                    {candidates.map((other) => (
                      <option key={other.id} value={other.id}>
                        {other.id}
                      </option>
                    ))}
                  </select>
                )}
              </FormField>
              <Button
                variant="outline"
                className="h-9"
                disabled={!target}
                onClick={() => {
                  const result = addEdge(spec, node.id, target, defaultWhen(spec, node, null));
                  if ("spec" in result) {
                    onChange(result.spec);
                    setTarget("");
                  }
                }}
              >
                Connect
              </Button>
            </div>
          ) : null}
        </Section>

        {!readOnly ? (
          <>
            <Separator />
            <Button variant="destructive" onClick={onDelete}>
              <Trash2 aria-hidden="true" />
              Delete node {node.id}
            </Button>
          </>
        ) : null}
      </CardContent>
    </Card>
  );
}

export function EdgeInspector({
  spec,
  edge,
  problems,
  readOnly,
  onChange,
  onDelete,
  onSelect,
}: {
  spec: FlowSpec;
  edge: EdgeSpec;
  problems: string[];
  readOnly: boolean;
  onChange: (spec: FlowSpec) => void;
  onDelete: () => void;
  onSelect: (selection: Selection) => void;
}) {
  const source = spec.nodes.find((node) => node.id === edge.from);
  return (
    <Card>
      <CardHeader>
        <CardTitle className="font-mono">
          {edge.from} → {edge.to}
        </CardTitle>
        <CardDescription>{edge.to} runs after {edge.from}{edge.when ? `, ${WHEN_LABELS[edge.when]?.toLowerCase() ?? `when ${edge.when}`}` : ""}.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <ProblemList problems={problems} />
        <div className="flex flex-wrap gap-2 text-sm">
          <Button variant="outline" size="sm" onClick={() => onSelect({ kind: "node", id: edge.from })}>
            Select {edge.from}
          </Button>
          <Button variant="outline" size="sm" onClick={() => onSelect({ kind: "node", id: edge.to })}>
            Select {edge.to}
          </Button>
        </div>
        <FormField
          label="Branch"
          hint={
            source?.type === CONDITION_TYPE
              ? "A condition's edges follow its true or false branch."
              : source?.on_error === "branch"
                ? "“On error” edges run only when the source fails."
                : "Set the source's “When it fails” to follow the error branch, to add an error edge."
          }
        >
          {(control) => (
            <div id={control.id}>
              <WhenSelect edge={edge} spec={spec} disabled={readOnly} label="Branch" onChange={(when) => onChange(setWhen(spec, edgeId(edge), when))} />
            </div>
          )}
        </FormField>
        {!readOnly ? (
          <Button variant="destructive" onClick={onDelete}>
            <Trash2 aria-hidden="true" />
            Delete this edge
          </Button>
        ) : null}
      </CardContent>
    </Card>
  );
}

export function FlowSettings({
  spec,
  problems,
  readOnly,
  onChange,
  onSelect,
  nodeProblems,
  onJsonError,
}: {
  spec: FlowSpec;
  problems: { where: string; message: string }[];
  readOnly: boolean;
  onChange: (spec: FlowSpec) => void;
  onSelect: (selection: Selection) => void;
  nodeProblems: Map<string, string[]>;
  onJsonError: JsonErrorHandler;
}) {
  const inputProblems = problems.filter((problem) => problem.where.startsWith("input") || problem.where.startsWith("inputs")).map((problem) => `${problem.where}: ${problem.message}`);
  const outputProblems = problems.filter((problem) => problem.where.startsWith("output")).map((problem) => `${problem.where}: ${problem.message}`);
  const rest = problems.filter((problem) => !problem.where.startsWith("input") && !problem.where.startsWith("output")).map((problem) => `${problem.where}: ${problem.message}`);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Flow</CardTitle>
        <CardDescription>Select a node or an edge to edit it; the whole flow is set here.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-5">
        <ProblemList problems={rest} />
        <Section title="Nodes">
          {spec.nodes.length === 0 ? (
            <p className="text-sm text-muted-foreground">No nodes yet.</p>
          ) : (
            <ul className="grid gap-1">
              {spec.nodes.map((node) => {
                const count = nodeProblems.get(node.id)?.length ?? 0;
                return (
                  <li key={node.id}>
                    <Button variant="ghost" size="sm" className="w-full justify-start font-mono" onClick={() => onSelect({ kind: "node", id: node.id })}>
                      {node.id}
                      <span className="font-sans text-xs text-muted-foreground">{node.type}</span>
                      {count ? (
                        <span className="ms-auto text-xs text-destructive">
                          {count} problem{count === 1 ? "" : "s"}
                        </span>
                      ) : null}
                    </Button>
                  </li>
                );
              })}
            </ul>
          )}
        </Section>
        <FormField label="Description">
          {(control) => <Textarea rows={2} value={spec.description} disabled={readOnly} onChange={(event) => onChange({ ...spec, description: event.target.value })} {...control} />}
        </FormField>
        <JsonField
          label="Inputs"
          hint={`Each input's JSON Schema by name, e.g. {"topic": {"type": "string", "minLength": 2}}; an input without a "default" is required.`}
          path="inputs"
          value={spec.inputs ?? {}}
          disabled={readOnly}
          rows={6}
          error={inputProblems.join(" ") || undefined}
          onChange={(next) => onChange({ ...spec, inputs: isRecord(next) ? (next as NonNullable<FlowSpec["inputs"]>) : {} })}
          onJsonError={onJsonError}
        />
        <JsonField
          label="Outputs"
          hint={`Output name → template, e.g. {"article": "{{ finish }}"}. Empty: the outputs of the last nodes.`}
          path="outputs"
          value={spec.outputs ?? {}}
          disabled={readOnly}
          rows={3}
          error={outputProblems.join(" ") || undefined}
          onChange={(next) => onChange({ ...spec, outputs: isRecord(next) ? (next as Record<string, string>) : {} })}
          onJsonError={onJsonError}
        />
      </CardContent>
    </Card>
  );
}
