import { useMutation } from "@tanstack/react-query";
import { Loader2, Play } from "lucide-react";
import type { ReactNode } from "react";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { api, unwrap } from "@/lib/api/client";
import { errorMessage } from "@/lib/problems";
import { useRun, type RunStatus } from "@/lib/run";

import { RunProgress } from "./run-progress";

/** Continue a failed or stopped run from its first unfinished node. */
export function useResume(executionId: string) {
  return useMutation({
    mutationFn: () =>
      unwrap(api.POST("/executions/{execution_id}/resume", { params: { path: { execution_id: executionId } } })),
  });
}

/** What the card says about the thing being written ("the article", "the copy"). */
export interface RunWording {
  /** The card's title while the run goes on, e.g. "Writing your article". */
  running: string;
  /** Its title once the run stopped unfinished, e.g. "The article was not finished". */
  failed: string;
  /** Said when the run gave no reason, e.g. "The run stopped before the article was complete." */
  noReason: string;
}

/**
 * A generation run followed live until it settles: its steps as they run; once completed,
 * `children(status)` (the result); if it stopped unfinished, why, and a button that resumes it
 * from its first unfinished step (`onRestarted` once the server accepted).
 */
export function RunCard({
  executionId,
  labels,
  wording,
  onRestarted,
  children,
}: {
  executionId: string;
  labels: Record<string, string>;
  wording: RunWording;
  onRestarted: () => void;
  children: (status: RunStatus) => ReactNode;
}) {
  const run = useRun(executionId);
  const resume = useResume(executionId);
  if (run.error) return <ErrorState error={run.error} title="This run could not be followed" />;
  if (run.settled && run.status?.status === "completed") return children(run.status);
  const failed = run.settled && run.status !== undefined;
  return (
    <Card aria-busy={!failed}>
      <CardHeader>
        <CardTitle>{failed ? wording.failed : wording.running}</CardTitle>
        <CardDescription>{failed ? "Every finished step is kept: resume continues from the first unfinished one." : "Each step shows here as it runs."}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <RunProgress status={run.status} stale={run.stale} labels={labels} />
        {failed ? (
          <Alert variant="destructive">
            <AlertTitle>Run {run.status?.status}</AlertTitle>
            <AlertDescription>
              <p>{run.status?.error ?? wording.noReason}</p>
              {resume.isError ? <p>{errorMessage(resume.error)}</p> : null}
              <Button
                variant="outline"
                size="sm"
                className="mt-2"
                disabled={resume.isPending}
                onClick={() => resume.mutate(undefined, { onSuccess: onRestarted })}
              >
                {resume.isPending ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Play aria-hidden="true" />}
                Resume the run
              </Button>
            </AlertDescription>
          </Alert>
        ) : null}
      </CardContent>
    </Card>
  );
}
