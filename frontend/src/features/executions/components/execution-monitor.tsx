// /executions/:id: a run followed live (server-sent events; a lost connection marks the view
// stale and reconnects), on the canvas and as a list, with the node inspector and the run's
// actions: stop, resume, regenerate a node, approve or reject a review.
import { useQueryClient } from "@tanstack/react-query";
import { Pause, Play, Square, WifiOff } from "lucide-react";
import { useEffect, useState, type SyntheticEvent } from "react";
import { Link, useParams } from "react-router";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { FieldError } from "@/components/ui/field-error";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Progress } from "@/components/ui/progress";
import { LoadingRows, Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { API_BASE } from "@/lib/api/client";
import { formatCost, formatDateTime, formatNumber } from "@/lib/format";
import { errorMessage } from "@/lib/problems";
import { useSession } from "@/lib/session";
import { useEventStream } from "@/lib/sse";
import { cn } from "@/lib/utils";

import { executionKeys, FINISHED, useExecutionDetail, useExecutionStatus, useNodeTypes, useResume, useStop, type RunStatus } from "../api/executions";
import { utc } from "../lib/graph";
import MonitorCanvas from "./monitor-canvas";
import { NodePanel, Value } from "./node-panel";
import { StatusBadge } from "./status-badge";

function canAct(role: string | null): boolean {
  return role === "owner" || role === "admin" || role === "editor";
}

export default function ExecutionMonitor() {
  const { id = "" } = useParams();
  const client = useQueryClient();
  const { role } = useSession();
  const status = useExecutionStatus(id);
  const detail = useExecutionDetail(id);
  const nodeTypes = useNodeTypes();
  // Each action that sets the run going again opens a new stream (the old one ended when the
  // run paused or finished); the fragment only makes the address new, it is never sent.
  const [round, setRound] = useState(0);
  const live = useEventStream<RunStatus>(`${API_BASE}/executions/${id}/events#${round}`);
  const current = live.data ?? status.data;
  const [selected, setSelected] = useState<string | null>(null);

  // Node states moved: read the attempts (outputs, tokens, errors) again.
  const fingerprint = current ? JSON.stringify([current.status, current.generation, current.nodes.map((node) => [node.id, node.status, node.runs])]) : "";
  useEffect(() => {
    if (fingerprint) void client.invalidateQueries({ queryKey: executionKeys.detail(id) });
  }, [fingerprint, client, id]);

  const restart = (next: RunStatus) => {
    client.setQueryData(executionKeys.status(id), next);
    setRound((value) => value + 1);
  };

  if (status.isPending || detail.isPending) {
    return (
      <div className="grid gap-4">
        <Skeleton className="h-9 w-72" />
        <Skeleton className="h-4 w-full" />
        <LoadingRows rows={6} label="Loading the execution" />
      </div>
    );
  }
  const failure = status.error ?? detail.error;
  if (failure || !current || !detail.data) {
    return (
      <div className="grid gap-4">
        <BackLink />
        <ErrorState
          error={failure ?? live.error}
          title="Could not load this execution"
          onRetry={() => {
            void status.refetch();
            void detail.refetch();
          }}
        />
      </div>
    );
  }

  const spec = detail.data.spec;
  const selectedNode = selected ? spec.nodes.find((node) => node.id === selected) : undefined;
  const settled = FINISHED.has(current.status) || current.status === "paused";
  const waiting = current.nodes.filter((node) => node.status === "waiting").map((node) => node.id);

  return (
    <div className="grid gap-4">
      <BackLink />
      <header className="grid gap-3">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold">{current.flow}</h1>
          <StatusBadge status={current.status} />
          <span className="text-sm text-muted-foreground">
            v{detail.data.flow_version} · started {formatDateTime(utc(detail.data.created_at))}
          </span>
          <span className="font-mono text-xs text-muted-foreground">{current.execution_id}</span>
          <div className="ms-auto flex flex-wrap items-end gap-2">
            {canAct(role) ? <RunActions id={id} status={current.status} tokenCap={detail.data.token_cap} onRestart={restart} /> : null}
          </div>
        </div>
        <div className="flex flex-wrap items-center gap-4 text-sm">
          <div className="flex min-w-64 flex-1 items-center gap-2">
            <Progress value={current.progress} aria-label="Progress" className="flex-1" />
            <span className="tabular-nums">{current.progress}%</span>
          </div>
          <span>
            Tokens <span className="tabular-nums">{formatNumber(current.tokens_in)}</span> in /{" "}
            <span className="tabular-nums">{formatNumber(current.tokens_out)}</span> out
          </span>
          <span>
            Cost <span className="tabular-nums">{formatCost(current.cost)}</span>
          </span>
          <LiveIndicator stale={live.stale} ended={live.ended || settled} />
        </div>
      </header>

      {live.stale ? (
        <Alert variant="warning">
          <WifiOff aria-hidden="true" />
          <AlertTitle>Connection lost: the progress shown may be out of date</AlertTitle>
          <AlertDescription>Reconnecting… the view catches up as soon as the stream is back.</AlertDescription>
        </Alert>
      ) : null}
      {live.error && !live.stale ? <ErrorState error={live.error} title="Live progress is not available" /> : null}
      {current.status === "paused" && waiting.length ? (
        <Alert variant="warning">
          <Pause aria-hidden="true" />
          <AlertTitle>Paused for a review</AlertTitle>
          <AlertDescription className="flex flex-wrap items-center gap-2">
            {waiting.map((node) => (
              <Button key={node} size="sm" variant="outline" onClick={() => setSelected(node)}>
                Review {node}
              </Button>
            ))}
          </AlertDescription>
        </Alert>
      ) : null}
      {current.error ? (
        <Alert variant="destructive">
          <AlertTitle>The run {current.status === "cancelled" ? "was stopped" : "failed"}</AlertTitle>
          <AlertDescription className="whitespace-pre-wrap break-words">{current.error}</AlertDescription>
        </Alert>
      ) : null}

      <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_26rem]">
        <div className="grid content-start gap-4">
          <section aria-label="Canvas" className="h-[26rem] overflow-hidden rounded-lg border bg-muted/20 lg:h-[32rem]">
            <MonitorCanvas spec={spec} nodes={current.nodes} selected={selected} onSelect={setSelected} />
          </section>
          <section aria-labelledby="nodes-title" className="grid gap-2">
            <h2 id="nodes-title" className="text-sm font-semibold">
              Nodes
            </h2>
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Node</TableHead>
                  <TableHead>Type</TableHead>
                  <TableHead>State</TableHead>
                  <TableHead className="text-end">Runs</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {spec.nodes.map((node) => {
                  const state = current.nodes.find((item) => item.id === node.id);
                  return (
                    <TableRow key={node.id} className={cn(selected === node.id && "[&>td:first-child]:border-s-4 [&>td:first-child]:border-primary")}>
                      <TableCell>
                        <Button variant="link" size="sm" className="h-auto p-0 font-mono" aria-pressed={selected === node.id} onClick={() => setSelected(node.id)}>
                          {node.id}
                        </Button>
                      </TableCell>
                      <TableCell className="text-muted-foreground">{node.type}</TableCell>
                      <TableCell>
                        <StatusBadge status={state?.status ?? "pending"} />
                      </TableCell>
                      <TableCell className="text-end tabular-nums">{state?.runs ?? 0}</TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </section>
          <section aria-labelledby="outputs-title" className="grid gap-2">
            <h2 id="outputs-title" className="text-sm font-semibold">
              Outputs of the run
            </h2>
            {current.outputs && Object.keys(current.outputs).length ? (
              Object.entries(current.outputs).map(([name, value]) => (
                <div key={name} className="grid gap-1">
                  <h3 className="font-mono text-xs font-semibold">{name}</h3>
                  <Value value={value} label={`Output ${name}`} />
                </div>
              ))
            ) : (
              <p className="text-sm text-muted-foreground">{current.status === "completed" ? "The run produced no outputs." : "Outputs appear when the run completes."}</p>
            )}
          </section>
        </div>
        <aside aria-label="Node inspector" className="grid content-start gap-4">
          {selectedNode ? (
            <NodePanel
              key={selectedNode.id}
              executionId={id}
              runStatus={current.status}
              node={selectedNode}
              state={current.nodes.find((node) => node.id === selectedNode.id)}
              detail={detail.data}
              nodeType={nodeTypes.data?.find((type) => type.name === selectedNode.type)}
              canAct={canAct(role)}
              onRestart={restart}
            />
          ) : (
            <Card>
              <CardHeader>
                <CardTitle>Node inspector</CardTitle>
              </CardHeader>
              <CardContent className="text-sm text-muted-foreground">
                Select a node on the canvas or in the list to see its inputs, output, attempts, tokens, cost, latency and error.
              </CardContent>
            </Card>
          )}
        </aside>
      </div>
    </div>
  );
}

function BackLink() {
  return (
    <Link to="/executions" className="text-sm text-muted-foreground underline-offset-4 hover:underline">
      ← All executions
    </Link>
  );
}

function LiveIndicator({ stale, ended }: { stale: boolean; ended: boolean }) {
  return (
    <span role="status" aria-live="polite" className="inline-flex items-center gap-1.5 text-sm">
      <span aria-hidden="true" className={cn("size-2 rounded-full", stale ? "bg-warning" : ended ? "bg-muted-foreground" : "animate-pulse bg-success")} />
      {stale ? "Reconnecting…" : ended ? "Not running" : "Live"}
    </span>
  );
}

function RunActions({ id, status, tokenCap, onRestart }: { id: string; status: string; tokenCap: number | null; onRestart: (status: RunStatus) => void }) {
  const stop = useStop(id);
  const resume = useResume(id);
  const [cap, setCap] = useState(tokenCap ? String(tokenCap) : "");
  const stoppable = status === "queued" || status === "running" || status === "paused";
  const resumable = status === "failed" || status === "cancelled";

  const submitResume = (event: SyntheticEvent) => {
    event.preventDefault();
    const value = cap.trim() ? Number(cap) : null;
    resume.mutate(value !== null && value !== tokenCap ? value : null, {
      onSuccess: (next) => {
        toast({ title: "Resumed", description: "The run goes on from its first unfinished node." });
        onRestart(next);
      },
    });
  };

  return (
    <>
      {stoppable ? (
        <Button
          variant="destructive"
          disabled={stop.isPending}
          onClick={() =>
            stop.mutate(undefined, {
              onSuccess: (next) => {
                toast({ title: "Stopped", description: "Finished nodes are kept; resume to go on." });
                onRestart(next);
              },
            })
          }
        >
          <Square aria-hidden="true" />
          {stop.isPending ? "Stopping…" : "Stop"}
        </Button>
      ) : null}
      {resumable ? (
        <form onSubmit={submitResume} className="flex items-end gap-2">
          <FormField label="Token cap" className="w-32" hint={tokenCap ? `Now ${formatNumber(tokenCap)}` : "Optional"}>
            {(control) => <Input type="number" min={1} step={1} value={cap} onChange={(event) => setCap(event.target.value)} {...control} />}
          </FormField>
          <Button type="submit" disabled={resume.isPending}>
            <Play aria-hidden="true" />
            {resume.isPending ? "Resuming…" : "Resume"}
          </Button>
        </form>
      ) : null}
      {stop.isError ? <FieldError>{errorMessage(stop.error)}</FieldError> : null}
      {resume.isError ? <FieldError>{errorMessage(resume.error)}</FieldError> : null}
    </>
  );
}
