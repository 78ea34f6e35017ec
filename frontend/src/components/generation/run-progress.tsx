import { CheckCircle2, Circle, CircleDashed, Loader2, WifiOff, XCircle } from "lucide-react";

import { Badge } from "@/components/ui/badge";
import { Progress } from "@/components/ui/progress";
import { Skeleton } from "@/components/ui/skeleton";
import { formatNumber } from "@/lib/format";
import { nodeLabel, type RunStatus } from "@/lib/run";

function NodeIcon({ status }: { status: string }) {
  if (status === "completed") return <CheckCircle2 aria-hidden="true" className="size-4 text-success" />;
  if (status === "failed") return <XCircle aria-hidden="true" className="size-4 text-destructive" />;
  if (status === "running") return <Loader2 aria-hidden="true" className="size-4 animate-spin text-primary" />;
  if (status === "skipped") return <CircleDashed aria-hidden="true" className="size-4 text-muted-foreground" />;
  return <Circle aria-hidden="true" className="size-4 text-muted-foreground" />;
}

/** The run's progress per node, live (named by `labels`); says so when the connection is lost. */
export function RunProgress({
  status,
  stale,
  labels,
}: {
  status: RunStatus | undefined;
  stale: boolean;
  labels: Record<string, string>;
}) {
  if (!status) {
    return (
      <div role="status" aria-live="polite" className="grid gap-2">
        {stale ? (
          <Badge variant="warning" className="justify-self-start">
            <WifiOff aria-hidden="true" className="size-3" />
            Connection lost: reconnecting to the run…
          </Badge>
        ) : (
          <span className="sr-only">Connecting to the run…</span>
        )}
        <Skeleton className="h-2 w-full" />
        <Skeleton className="h-6 w-2/3" />
        <Skeleton className="h-6 w-1/2" />
      </div>
    );
  }
  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <Badge variant={status.status === "failed" ? "destructive" : status.status === "completed" ? "success" : "secondary"}>
          {status.status}
        </Badge>
        <span className="text-sm text-muted-foreground">{status.progress}% done</span>
        {status.tokens_in + status.tokens_out > 0 ? (
          <span className="text-sm text-muted-foreground">· {formatNumber(status.tokens_in + status.tokens_out)} tokens</span>
        ) : null}
        {stale ? (
          <Badge variant="warning" role="status">
            <WifiOff aria-hidden="true" className="size-3" />
            Connection lost: progress may be stale, reconnecting…
          </Badge>
        ) : null}
      </div>
      <Progress value={status.progress} aria-label="Run progress" />
      <ol className="grid gap-1 sm:grid-cols-2" aria-label="Steps">
        {status.nodes.map((node) => (
          <li key={node.id} className="flex items-start gap-2 text-sm">
            <span className="mt-0.5">
              <NodeIcon status={node.status} />
            </span>
            <span>
              <span className="font-medium">{nodeLabel(node.id, labels)}</span>{" "}
              <span className="text-muted-foreground">
                {node.status}
                {node.runs > 1 ? ` · ${node.runs} runs` : ""}
              </span>
              {node.error ? <span className="block text-destructive">{node.error.length > 160 ? `${node.error.slice(0, 160)}…` : node.error}</span> : null}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
