import { CheckCircle2, Circle, ExternalLink, Loader2, XCircle } from "lucide-react";
import { useEffect } from "react";
import { Link } from "react-router";

import { RunProgress } from "@/components/generation/run-progress";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { useRun, type RunStatus } from "@/lib/run";

import type { BookPublic } from "../api/books";
import { chapterOfNode } from "../lib/limits";

const LABELS: Record<string, string> = {
  brief: "Brief",
  architect: "Plan (bible or knowledge map)",
  outline: "Outline",
  wants_outline_review: "Outline review asked?",
  outline_review: "Outline review",
  chapters: "Chapters",
  continuity: "Continuity",
  wants_book_review: "Book review asked?",
  book_review: "Book review",
  book: "Compile the book",
};

type ChapterState = "waiting" | "running" | "completed" | "failed";

/** Each chapter's state: from the run's map items (chapters[i]), else from the book's progress. */
function chapterStates(status: RunStatus | undefined, book: BookPublic | undefined): { number: number; state: ChapterState }[] {
  const count = book?.progress?.chapters ?? book?.brief?.chapters ?? 0;
  const states = new Map<number, ChapterState>();
  for (let number = 1; number <= count; number += 1) states.set(number, "waiting");
  for (const number of book?.progress?.written ?? []) states.set(number, "completed");
  for (const number of book?.progress?.writing ?? []) states.set(number, "running");
  for (const number of book?.progress?.failed ?? []) states.set(number, "failed");
  for (const node of status?.nodes ?? []) {
    const number = chapterOfNode(node.id);
    if (number === null) continue;
    const state: ChapterState = node.status === "completed" || node.status === "running" || node.status === "failed" ? node.status : "waiting";
    states.set(number, state);
  }
  return [...states.entries()].sort((a, b) => a[0] - b[0]).map(([number, state]) => ({ number, state }));
}

function ChapterIcon({ state }: { state: ChapterState }) {
  if (state === "completed") return <CheckCircle2 aria-hidden="true" className="size-4 text-success" />;
  if (state === "failed") return <XCircle aria-hidden="true" className="size-4 text-destructive" />;
  if (state === "running") return <Loader2 aria-hidden="true" className="size-4 animate-spin text-primary" />;
  return <Circle aria-hidden="true" className="size-4 text-muted-foreground" />;
}

/** A book run followed live: its steps, each chapter's state, and the outline review when it waits for one. */
export function BookRun({ executionId, book, onUpdate }: { executionId: string; book: BookPublic | undefined; onUpdate: (status: string) => void }) {
  const run = useRun(executionId);
  const settledAs = run.settled ? run.status?.status : undefined;
  const events = run.status?.nodes.filter((node) => node.status === "completed").length ?? 0;

  useEffect(() => {
    if (settledAs) onUpdate(settledAs);
  }, [settledAs, onUpdate]);
  useEffect(() => {
    // The book's progress (chapters written) changes as steps finish: read it again.
    if (events > 0) onUpdate("progress");
  }, [events, onUpdate]);

  if (run.error) return <ErrorState error={run.error} title="This run could not be followed" />;
  const paused = run.status?.status === "paused";
  const failed = run.settled && (run.status?.status === "failed" || run.status?.status === "cancelled");
  const chapters = chapterStates(run.status, book);
  const done = chapters.filter((chapter) => chapter.state === "completed").length;
  return (
    <Card aria-busy={!run.settled}>
      <CardHeader>
        <CardTitle>{paused ? "The outline waits for your review" : failed ? "The book was not finished" : run.settled ? "The run has finished" : "Writing the book"}</CardTitle>
        <CardDescription>Each step and each chapter shows here as it runs.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {paused ? (
          <Alert>
            <AlertTitle>Review the outline</AlertTitle>
            <AlertDescription>
              <p>Approve the outline (with your edits) or reject it in the execution monitor; the chapters are written once it is approved.</p>
              <Button asChild size="sm" className="mt-2">
                <Link to={`/executions/${encodeURIComponent(executionId)}`}>
                  <ExternalLink aria-hidden="true" />
                  Open the outline review
                </Link>
              </Button>
            </AlertDescription>
          </Alert>
        ) : null}
        {failed ? (
          <Alert variant="destructive">
            <AlertTitle>Run {run.status?.status}</AlertTitle>
            <AlertDescription>
              <p>{run.status?.error ?? "The run stopped before the book was complete."}</p>
              <Link className="underline" to={`/executions/${encodeURIComponent(executionId)}`}>
                Open the run in the execution monitor
              </Link>
            </AlertDescription>
          </Alert>
        ) : null}
        {chapters.length ? (
          <section aria-label="Chapter progress" className="grid gap-2">
            <h3 className="text-sm font-medium">
              Chapters: {done} of {chapters.length} written
            </h3>
            <ol className="grid gap-1 sm:grid-cols-3">
              {chapters.map((chapter) => (
                <li key={chapter.number} className="flex items-center gap-2 text-sm">
                  <ChapterIcon state={chapter.state} />
                  <span>
                    Chapter {chapter.number} <span className="text-muted-foreground">{chapter.state}</span>
                  </span>
                </li>
              ))}
            </ol>
          </section>
        ) : null}
        <RunProgress status={run.status} stale={run.stale} labels={LABELS} />
      </CardContent>
    </Card>
  );
}
