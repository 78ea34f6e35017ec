// The node inspector of the execution monitor: a node's state, the review it waits for, its
// output, what it read (its upstream outputs and the run's inputs), every attempt with tokens,
// cost, latency and error, its config, and regenerating it with config overrides.
import { RefreshCw } from "lucide-react";
import { useMemo, useState, type SyntheticEvent } from "react";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FieldError } from "@/components/ui/field-error";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toast";
import { formatCost, formatDateTime, formatDuration, formatNumber } from "@/lib/format";
import { ApiProblem, errorMessage } from "@/lib/problems";

import { FINISHED, useApprove, useRegenerate, useReject, type ExecutionDetail, type RunStatus, type NodeAttempt, type NodeSpec, type NodeStatus, type NodeType } from "../api/executions";
import { parentsOf, utc } from "../lib/graph";
import { isRecord } from "@/lib/json-schema";
import { withEntry } from "@/lib/records";
import { SchemaForm, type FormValue } from "@/components/schema-form/schema-form";
import { StatusBadge } from "./status-badge";

/** Attempts of the node itself (not its map items), oldest first. */
function ownAttempts(detail: ExecutionDetail | undefined, id: string): NodeAttempt[] {
  return (detail?.attempts ?? []).filter((attempt) => attempt.node_id === id);
}

function itemAttempts(detail: ExecutionDetail | undefined, id: string): NodeAttempt[] {
  return (detail?.attempts ?? []).filter((attempt) => attempt.node_id.startsWith(`${id}[`));
}

/** The attempt whose output counts: the last one that finished, else the last one. */
function latest(attempts: NodeAttempt[]): NodeAttempt | undefined {
  const done = attempts.filter((attempt) => attempt.status === "completed" || attempt.status === "waiting");
  return done.at(-1) ?? attempts.at(-1);
}

export function Value({ value, label }: { value: unknown; label: string }) {
  if (value === undefined) return <p className="text-sm text-muted-foreground">Nothing yet.</p>;
  const text = typeof value === "string" ? value : JSON.stringify(value, null, 2);
  return (
    // A scrollable region has to be reachable from the keyboard (axe: scrollable-region-focusable).
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <pre aria-label={label} tabIndex={0} className="max-h-80 overflow-auto whitespace-pre-wrap break-words rounded-md border bg-muted/40 p-3 font-mono text-xs focus-visible:outline-2 focus-visible:outline-ring">
      {text}
    </pre>
  );
}

/** The last attempt of each map item, in item order. */
function lastPerItem(items: NodeAttempt[]): NodeAttempt[] {
  const last = new Map<string, NodeAttempt>();
  for (const attempt of items) last.set(attempt.node_id, attempt);
  const index = (id: string) => Number(/\[(\d+)\]$/.exec(id)?.[1] ?? 0);
  return [...last.values()].sort((a, b) => index(a.node_id) - index(b.node_id));
}

function RenderedFields({ attempt, label }: { attempt: NodeAttempt; label: string }) {
  const fields = Object.entries(attempt.inputs ?? {});
  return (
    <div className="grid gap-2">
      {fields.map(([field, value]) => (
        <div key={field} className="grid gap-1">
          <h5 className="font-mono text-xs">{field}</h5>
          {value === "" ? <p className="text-sm text-muted-foreground">(empty)</p> : <Value value={value} label={`${field} of ${label}, as rendered`} />}
        </div>
      ))}
    </div>
  );
}

/** The node's templates as they were rendered for its last attempt (the prompt a model got). */
function RenderedInputs({ nodeId, attempt, items }: { nodeId: string; attempt: NodeAttempt | undefined; items: NodeAttempt[] }) {
  const perItem = lastPerItem(items).filter((item) => item.inputs);
  if (!attempt?.inputs && perItem.length === 0) return null;
  return (
    <section aria-label="As rendered" className="grid gap-2">
      <h4 className="text-xs font-semibold">As rendered{attempt?.inputs ? ` for attempt ${String(attempt.attempt)} (generation ${String(attempt.generation)})` : ", per item"}</h4>
      {attempt?.inputs ? <RenderedFields attempt={attempt} label={nodeId} /> : null}
      {perItem.map((item) => (
        <details key={item.node_id} className="rounded-md border p-2">
          <summary className="cursor-pointer font-mono text-xs">
            {item.node_id} <span className="text-muted-foreground">(attempt {item.attempt}, generation {item.generation})</span>
          </summary>
          <div className="pt-2">
            <RenderedFields attempt={item} label={item.node_id} />
          </div>
        </details>
      ))}
    </section>
  );
}

export function NodePanel({
  executionId,
  runStatus,
  node,
  state,
  detail,
  nodeType,
  canAct,
  onRestart,
}: {
  onRestart: (status: RunStatus) => void;
  executionId: string;
  runStatus: string;
  node: NodeSpec;
  state: NodeStatus | undefined;
  detail: ExecutionDetail | undefined;
  nodeType: NodeType | undefined;
  canAct: boolean;
}) {
  const attempts = ownAttempts(detail, node.id);
  const items = itemAttempts(detail, node.id);
  const current = latest(attempts);
  const all = [...attempts, ...items];
  const tokensIn = all.reduce((sum, attempt) => sum + attempt.tokens_in, 0);
  const tokensOut = all.reduce((sum, attempt) => sum + attempt.tokens_out, 0);
  const cost = all.reduce((sum, attempt) => sum + attempt.cost, 0);
  const status = state?.status ?? "pending";
  const reviewing = status === "waiting" && runStatus === "paused" && nodeType?.kind === "review";
  const [regenerating, setRegenerating] = useState(false);
  const parents = detail ? parentsOf(detail.spec, node.id) : [];

  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2 font-mono">
          {node.id}
          <StatusBadge status={status} />
        </CardTitle>
        <CardDescription>
          <span className="font-mono">{node.type}</span>
          {nodeType ? ` — ${nodeType.description}` : ""}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
          <dt className="text-muted-foreground">Attempts</dt>
          <dd className="tabular-nums">
            {attempts.length}
            {items.length ? ` (+${items.length} item runs)` : ""}
          </dd>
          <dt className="text-muted-foreground">Tokens in / out</dt>
          <dd className="tabular-nums">
            {formatNumber(tokensIn)} / {formatNumber(tokensOut)}
          </dd>
          <dt className="text-muted-foreground">Cost</dt>
          <dd className="tabular-nums">{formatCost(cost)}</dd>
          <dt className="text-muted-foreground">Latency (last)</dt>
          <dd className="tabular-nums">{current ? formatDuration(current.latency_ms) : "–"}</dd>
        </dl>
        {state?.error ? (
          <Alert variant="destructive">
            <AlertTitle>Error</AlertTitle>
            <AlertDescription className="whitespace-pre-wrap break-words">{state.error}</AlertDescription>
          </Alert>
        ) : null}

        {reviewing && canAct ? <ReviewPanel key={`${executionId}-${current?.generation ?? 0}-${current?.attempt ?? 0}`} executionId={executionId} node={node} value={current?.output} onRestart={onRestart} /> : null}

        <Tabs defaultValue="output">
          <TabsList>
            <TabsTrigger value="output">Output</TabsTrigger>
            <TabsTrigger value="inputs">Inputs</TabsTrigger>
            <TabsTrigger value="attempts">Attempts</TabsTrigger>
            <TabsTrigger value="config">Config</TabsTrigger>
          </TabsList>
          <TabsContent value="output">
            {current && current.status !== "running" ? <Value value={current.output} label={`Output of ${node.id}`} /> : <p className="text-sm text-muted-foreground">{status === "running" ? "Running…" : "No output yet."}</p>}
          </TabsContent>
          <TabsContent value="inputs" className="grid gap-3">
            <RenderedInputs nodeId={node.id} attempt={current} items={items} />
            {parents.length === 0 ? <p className="text-sm text-muted-foreground">No upstream nodes: it reads the run's inputs only.</p> : null}
            {parents.map((parent) => (
              <div key={parent} className="grid gap-1">
                <h4 className="font-mono text-xs font-semibold">{parent}</h4>
                <Value value={latest(ownAttempts(detail, parent))?.output} label={`Output of ${parent}, read by ${node.id}`} />
              </div>
            ))}
            <div className="grid gap-1">
              <h4 className="text-xs font-semibold">The run's inputs</h4>
              <Value value={detail?.inputs ?? {}} label="The run's inputs" />
            </div>
          </TabsContent>
          <TabsContent value="attempts">
            {all.length === 0 ? (
              <p className="text-sm text-muted-foreground">Not run yet.</p>
            ) : (
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHead>Run</TableHead>
                    <TableHead>Status</TableHead>
                    <TableHead className="text-end">Tokens</TableHead>
                    <TableHead className="text-end">Cost</TableHead>
                    <TableHead className="text-end">Latency</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {all.map((attempt) => (
                    <TableRow key={`${attempt.node_id}-${attempt.generation}-${attempt.attempt}-${attempt.started_at}`} title={attempt.error ?? undefined}>
                      <TableCell className="text-xs">
                        <span className="font-mono">{attempt.node_id !== node.id ? attempt.node_id.slice(node.id.length) : ""}</span> g{attempt.generation} #{attempt.attempt}
                        <span className="block text-muted-foreground">{formatDateTime(utc(attempt.started_at))}</span>
                        {attempt.error ? <span className="block max-w-56 truncate text-destructive">{attempt.error}</span> : null}
                      </TableCell>
                      <TableCell>
                        <StatusBadge status={attempt.status} />
                      </TableCell>
                      <TableCell className="text-end tabular-nums">{formatNumber(attempt.tokens_in + attempt.tokens_out)}</TableCell>
                      <TableCell className="text-end tabular-nums">{formatCost(attempt.cost)}</TableCell>
                      <TableCell className="text-end tabular-nums">{formatDuration(attempt.latency_ms)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </TabsContent>
          <TabsContent value="config" className="grid gap-2">
            <Value value={node.config ?? {}} label={`Config of ${node.id}`} />
            <p className="text-xs text-muted-foreground">
              Retries {node.retries}, first backoff {node.retry_delay} s{node.timeout ? `, timeout ${node.timeout} s` : ""}, on error: {node.on_error}.
            </p>
          </TabsContent>
        </Tabs>

        {canAct ? (
          <div className="grid gap-1">
            <Button variant="outline" disabled={!FINISHED.has(runStatus)} onClick={() => setRegenerating(true)}>
              <RefreshCw aria-hidden="true" />
              Regenerate {node.id}…
            </Button>
            {!FINISHED.has(runStatus) ? <p className="text-xs text-muted-foreground">A node can be regenerated once the run has finished, failed or been stopped.</p> : null}
          </div>
        ) : null}
        {regenerating ? <RegenerateDialog executionId={executionId} node={node} nodeType={nodeType} onClose={() => setRegenerating(false)} onRestart={onRestart} /> : null}
      </CardContent>
    </Card>
  );
}

function ReviewPanel({ executionId, node, value, onRestart }: { executionId: string; node: NodeSpec; value: unknown; onRestart: (status: RunStatus) => void }) {
  const approve = useApprove(executionId);
  const reject = useReject(executionId);
  const isText = typeof value === "string";
  const original = isText ? value : JSON.stringify(value ?? null, null, 2);
  const [draft, setDraft] = useState(original);
  const [comment, setComment] = useState("");
  const [parseError, setParseError] = useState<string | null>(null);
  const message = isRecord(node.config) && typeof node.config.message === "string" ? node.config.message : null;
  const pending = approve.isPending || reject.isPending;
  const problem = (approve.error ?? reject.error) instanceof ApiProblem ? ((approve.error ?? reject.error) as ApiProblem) : null;

  const doApprove = (event: SyntheticEvent) => {
    event.preventDefault();
    let edits: unknown = undefined;
    if (draft !== original) {
      if (isText) edits = draft;
      else {
        try {
          edits = JSON.parse(draft) as unknown;
        } catch (failure) {
          setParseError(`Not valid JSON: ${failure instanceof Error ? failure.message : "check the syntax"}`);
          return;
        }
      }
    }
    approve.mutate(
      { ...(edits === undefined ? {} : { edits }), comment: comment.trim() || null },
      {
        onSuccess: (next) => {
          toast({ title: edits === undefined ? "Approved" : "Approved with your edits", variant: "success" });
          onRestart(next);
        },
      },
    );
  };

  return (
    <form onSubmit={doApprove} className="grid gap-3 rounded-lg border border-warning/60 bg-warning/5 p-3" aria-labelledby={`review-${node.id}`}>
      <h3 id={`review-${node.id}`} className="text-sm font-semibold">
        Waiting for your review
      </h3>
      {message ? <p className="text-sm">{message}</p> : null}
      <FormField label={isText ? "Value (edit to change it)" : "Value as JSON (edit to change it)"} error={parseError ?? problem?.field("edits")}>
        {(control) => (
          <Textarea
            rows={8}
            className={isText ? undefined : "font-mono text-xs"}
            value={draft}
            onChange={(event) => {
              setDraft(event.target.value);
              setParseError(null);
            }}
            {...control}
          />
        )}
      </FormField>
      <FormField label="Comment (optional)" error={problem?.field("comment")}>
        {(control) => <Input value={comment} maxLength={2000} onChange={(event) => setComment(event.target.value)} {...control} />}
      </FormField>
      {approve.isError || reject.isError ? <FieldError>{errorMessage(approve.error ?? reject.error)}</FieldError> : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending}>
          {approve.isPending ? "Approving…" : draft !== original ? "Approve with edits" : "Approve"}
        </Button>
        <Button
          variant="destructive"
          disabled={pending}
          onClick={() =>
            reject.mutate(comment.trim() || null, {
              onSuccess: (next) => {
                toast({ title: "Rejected", description: `${node.id} fails; its error handling decides what follows.` });
                onRestart(next);
              },
            })
          }
        >
          {reject.isPending ? "Rejecting…" : "Reject"}
        </Button>
      </div>
    </form>
  );
}

/** Only the config values that differ from the node's own. */
function changedValues(original: Record<string, unknown>, edited: FormValue): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(original), ...Object.keys(edited)])) {
    if (JSON.stringify(original[key]) !== JSON.stringify(edited[key])) changes[key] = edited[key] ?? null;
  }
  return changes;
}

function RegenerateDialog({
  executionId,
  node,
  nodeType,
  onClose,
  onRestart,
}: {
  executionId: string;
  node: NodeSpec;
  nodeType: NodeType | undefined;
  onClose: () => void;
  onRestart: (status: RunStatus) => void;
}) {
  const regenerate = useRegenerate(executionId);
  const original = useMemo(() => (isRecord(node.config) ? node.config : {}), [node.config]);
  const [config, setConfig] = useState<FormValue>(original);
  const [jsonErrors, setJsonErrors] = useState<Record<string, string>>({});
  const changes = changedValues(original, config);
  const problem = regenerate.error instanceof ApiProblem ? regenerate.error : null;
  const fieldErrors: Record<string, string> = {};
  for (const entry of problem?.problem.errors ?? []) {
    const path = entry.field.replace(/^body\.overrides\.?/, "").replace(/^node '[^']+'$/, "");
    if (path) fieldErrors[path] = entry.message;
  }

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (regenerate.isPending || Object.keys(jsonErrors).length) return;
    regenerate.mutate(
      { node_id: node.id, overrides: Object.keys(changes).length ? changes : null },
      {
        onSuccess: (next) => {
          onRestart(next);
          toast({ title: `Regenerating ${node.id}`, description: "It and the nodes after it run again; the rest is reused." });
          onClose();
        },
      },
    );
  };

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-w-2xl">
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <DialogHeader>
            <DialogTitle>Regenerate {node.id}</DialogTitle>
            <DialogDescription>
              {node.id} and every node after it run again; every other node's output is reused. Change its config for this run only (the flow itself stays as it is).
            </DialogDescription>
          </DialogHeader>
          {nodeType ? (
            <SchemaForm
              schema={nodeType.config_schema}
              value={config}
              onChange={setConfig}
              errors={fieldErrors}
              onJsonError={(path, message) => setJsonErrors((previous) => withEntry(previous, path, message))}
              disabled={regenerate.isPending}
            />
          ) : (
            <p className="text-sm text-muted-foreground">This node type is not registered here; it runs again with its config unchanged.</p>
          )}
          <p className="text-xs text-muted-foreground" role="status">
            {Object.keys(changes).length ? `Overrides: ${Object.keys(changes).join(", ")}` : "No overrides: the node runs again as configured."}
          </p>
          {regenerate.isError ? <FieldError>{errorMessage(regenerate.error)}</FieldError> : null}
          <DialogFooter>
            <Button variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={regenerate.isPending || Object.keys(jsonErrors).length > 0}>
              {regenerate.isPending ? "Starting…" : "Regenerate"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
