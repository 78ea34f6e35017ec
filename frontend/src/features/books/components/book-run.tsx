import { CheckCircle2, Circle, ExternalLink, Loader2, XCircle } from "lucide-react";
import { useEffect } from "react";
import { Link } from "react-router";

import { RunProgress } from "@/components/generation/run-progress";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { nodeLabel, useRun, type RunStatus } from "@/lib/run";

import { useBook, type BookPublic } from "../api/books";
import { chapterOfNode } from "../lib/limits";
import { BookReviewPanel } from "./continuity-review";
import { OutlineReviewPanel } from "./outline-review";

const OUTLINE_REVIEW = "outline_review";
const BOOK_REVIEW = "book_review";
const CHAPTER_POLL_MS = 1000;

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

type ChapterState = "waiting" | "writing" | "done" | "failed";

const STATE_OF_NODE: Record<string, ChapterState> = { completed: "done", running: "writing", failed: "failed" };

/** Each chapter's state: from the run's map items (chapters[i]), else from the book's progress. */
function chapterStates(status: RunStatus | undefined, book: BookPublic | undefined): { number: number; state: ChapterState }[] {
  const count = book?.progress?.chapters ?? book?.brief?.chapters ?? 0;
  const states = new Map<number, ChapterState>();
  for (let number = 1; number <= count; number += 1) states.set(number, "waiting");
  for (const number of book?.progress?.written ?? []) states.set(number, "done");
  for (const number of book?.progress?.writing ?? []) states.set(number, "writing");
  for (const number of book?.progress?.failed ?? []) states.set(number, "failed");
  for (const node of status?.nodes ?? []) {
    const number = chapterOfNode(node.id);
    if (number === null) continue;
    states.set(number, STATE_OF_NODE[node.status] ?? "waiting");
  }
  return [...states.entries()].sort((a, b) => a[0] - b[0]).map(([number, state]) => ({ number, state }));
}

function ChapterIcon({ state }: { state: ChapterState }) {
  if (state === "done") return <CheckCircle2 aria-hidden="true" className="size-4 text-success" />;
  if (state === "failed") return <XCircle aria-hidden="true" className="size-4 text-destructive" />;
  if (state === "writing") return <Loader2 aria-hidden="true" className="size-4 animate-spin text-primary" />;
  return <Circle aria-hidden="true" className="size-4 text-muted-foreground" />;
}

/** A book run followed live: its steps, each chapter's state, and the outline review when it waits for one. */
export function BookRun({
  executionId,
  book,
  onUpdate,
  onDecided,
}: {
  executionId: string;
  book: BookPublic;
  onUpdate: (status: string) => void;
  onDecided: () => void;
}) {
  const run = useRun(executionId);
  const settledAs = run.settled ? run.status?.status : undefined;
  const completed = run.status?.nodes.filter((node) => node.status === "completed").length ?? 0;
  // A chapter finishing adds its tokens to the run; a chapter starting sends no event at all.
  const changes = `${String(completed)}:${String(run.status?.tokens_out ?? 0)}`;
  // The map's own state shows only once all its chapters are done: the chapters are being
  // written while the run goes on past the outline (and its review) and the map is not done.
  const stateOf = (id: string) => run.status?.nodes.find((node) => node.id === id)?.status;
  const writing =
    run.status?.status === "running" &&
    stateOf("outline") === "completed" &&
    stateOf(OUTLINE_REVIEW) !== "waiting" &&
    (stateOf("chapters") === "pending" || stateOf("chapters") === "running");
  // Each chapter's state is the book's progress: read it again while the chapters are written.
  useBook(book.id, writing ? CHAPTER_POLL_MS : false);

  useEffect(() => {
    if (settledAs) onUpdate(settledAs);
  }, [settledAs, onUpdate]);
  useEffect(() => {
    // The book's progress (chapters written) changes as steps finish: read it again.
    if (changes !== "0:0") onUpdate("progress");
  }, [changes, onUpdate]);

  if (run.error) return <ErrorState error={run.error} title="This run could not be followed" />;
  const paused = run.status?.status === "paused";
  // The review the run waits on: the outline's and the book's are decided here, any other
  // (a review added on the canvas) in the monitor.
  const waitingFor = paused ? run.status?.nodes.find((node) => node.status === "waiting")?.id : undefined;
  const outline = waitingFor === OUTLINE_REVIEW;
  const chaptersReview = waitingFor === BOOK_REVIEW;
  const failed = run.settled && (run.status?.status === "failed" || run.status?.status === "cancelled");
  const chapters = chapterStates(run.status, book);
  const done = chapters.filter((chapter) => chapter.state === "done").length;
  // Titles are known once the book has a version (a chapter written again keeps its number).
  const titles = new Map(book.chapters.map((chapter) => [chapter.number, chapter.title]));
  const title = outline
    ? "The outline waits for your review"
    : chaptersReview
      ? "The chapters wait for your review"
      : paused
      ? "The book waits for your review"
      : failed
        ? "The book was not finished"
        : run.settled
          ? "The run has finished"
          : "Writing the book";
  return (
    <Card aria-busy={!run.settled}>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        <CardDescription>
          {outline
            ? "Read each chapter's plan; change a title or goal if you like, then approve it and the chapters are written from it, or reject it."
            : chaptersReview
              ? "Read the continuity issues the pass flagged in each chapter, then approve the chapters and the book is made, or send them back."
              : "Each step and each chapter shows here as it runs."}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {outline ? <OutlineReviewPanel book={book} executionId={executionId} onDecided={onDecided} /> : null}
        {chaptersReview ? <BookReviewPanel book={book} executionId={executionId} onDecided={onDecided} /> : null}
        {paused && !outline && !chaptersReview ? (
          <Alert>
            <AlertTitle>Waiting for a decision: {nodeLabel(waitingFor ?? "review", LABELS)}</AlertTitle>
            <AlertDescription>
              <p>The run waits for a person; decide it in the execution monitor.</p>
              <Button asChild size="sm" className="mt-2">
                <Link to={`/executions/${encodeURIComponent(executionId)}`}>
                  <ExternalLink aria-hidden="true" />
                  Open the review
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
                <li key={chapter.number} className="flex items-center gap-2 text-sm" data-state={chapter.state}>
                  <ChapterIcon state={chapter.state} />
                  <span>
                    Chapter {chapter.number}
                    {titles.get(chapter.number) ? (
                      <>
                        {": "}
                        <span dir="auto">{titles.get(chapter.number)}</span>
                      </>
                    ) : null}{" "}
                    <span className="text-muted-foreground">{chapter.state}</span>
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
