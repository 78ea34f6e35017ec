import { CheckCircle2, Circle, ExternalLink, Loader2, XCircle } from "lucide-react";
import { useEffect } from "react";
import { Link } from "react-router";

import { RunProgress } from "@/components/generation/run-progress";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { formatNumber } from "@/lib/format";
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

type ChapterState = "pending" | "writing" | "done" | "failed";
type ChapterRow = { number: number; title: string | null; state: ChapterState; words: number | null; target: number | null };

const STATE_OF_NODE: Record<string, ChapterState> = { completed: "done", running: "writing", waiting: "writing", failed: "failed" };

/**
 * Each chapter of the run: its title (from the outline, as soon as the run has one), its
 * length once written (from the book's progress), and its state from the run's map items
 * (chapters[i], live) where the run reports them, else from the book's progress.
 */
function chapterRows(status: RunStatus | undefined, book: BookPublic | undefined): ChapterRow[] {
  const progress = book?.progress;
  const count = progress?.per_chapter.length || progress?.chapters || book?.brief?.chapters || 0;
  // The current version's titles, for a book whose progress predates them.
  const versionTitles = new Map((book?.chapters ?? []).map((chapter) => [chapter.number, chapter.title]));
  const rows = new Map<number, ChapterRow>();
  for (let number = 1; number <= count; number += 1) {
    rows.set(number, { number, title: versionTitles.get(number) ?? null, state: "pending", words: null, target: null });
  }
  for (const item of progress?.per_chapter ?? []) {
    rows.set(item.number, { ...item, title: item.title ?? versionTitles.get(item.number) ?? null });
  }
  for (const node of status?.nodes ?? []) {
    const number = chapterOfNode(node.id);
    const row = number === null ? undefined : rows.get(number);
    if (!row) continue;
    const state = STATE_OF_NODE[node.status] ?? "pending";
    // A chapter's length is the book's to tell: it is shown once the book says it is written.
    rows.set(row.number, { ...row, state, words: state === "done" ? row.words : null });
  }
  return [...rows.values()].sort((a, b) => a.number - b.number);
}

/** What a chapter's line says after its title: its state, and its length once written. */
function stateText(chapter: ChapterRow): string {
  if (chapter.state !== "done" || chapter.words === null) return chapter.state;
  const target = chapter.target === null ? "" : ` of ${formatNumber(chapter.target)}`;
  return `done, ${formatNumber(chapter.words)}${target} words`;
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
  const chapters = chapterRows(run.status, book);
  const done = chapters.filter((chapter) => chapter.state === "done").length;
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
            <ol className="grid gap-1 sm:grid-cols-2">
              {chapters.map((chapter) => (
                <li key={chapter.number} className="flex items-center gap-2 text-sm" data-state={chapter.state}>
                  <ChapterIcon state={chapter.state} />
                  <span>
                    Chapter {chapter.number}
                    {chapter.title ? (
                      <>
                        {": "}
                        <span dir="auto">{chapter.title}</span>
                      </>
                    ) : null}{" "}
                    <span className="text-muted-foreground">{stateText(chapter)}</span>
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
