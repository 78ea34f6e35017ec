import { Check, ExternalLink, Loader2, Undo2 } from "lucide-react";
import { useState, type SyntheticEvent } from "react";
import { Link, useSearchParams } from "react-router";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { ErrorState } from "@/components/ui/error-state";
import { FormAlert } from "@/components/ui/form-alert";
import { FormField } from "@/components/ui/form-field";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Textarea } from "@/components/ui/textarea";
import { directionOf } from "@/lib/direction";
import { ApiProblem, errorMessage, problemMessage } from "@/lib/problems";

import { useRegenerateChapter, type BookPublic, type BookStarted } from "../api/books";
import { useBookReview, useDecideBook, type ContinuityIssue, type ContinuityReview } from "../api/book-review";

/** What each kind of issue is called; a kind the pass adds later shows as it is named. */
const KINDS: Record<string, string> = {
  name: "Name",
  fact: "Fact",
  timeline: "Timeline",
  dead_character: "A dead character speaks",
};

// A sent-back run stops once the engine has taken the decision, which on a busy machine can
// take a while: the book answers 409 until then.
const SETTLE_TRIES = 180;
const SETTLE_MS = 1000;

/** Write chapter `number` again once the sent-back run has stopped (until then the book answers 409). */
async function rewriteOnceStopped(rewrite: (number: number) => Promise<BookStarted>, number: number): Promise<BookStarted> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await rewrite(number);
    } catch (error) {
      if (!(error instanceof ApiProblem) || error.status !== 409 || attempt >= SETTLE_TRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    }
  }
}

function messagesOf(error: unknown): string[] {
  if (!error) return [];
  if (!(error instanceof ApiProblem)) return [errorMessage(error)];
  const listed = (error.problem.errors ?? []).map((entry) => entry.message);
  return listed.length ? listed : [problemMessage(error.problem, error.status)];
}

/** One flagged issue: where, what, the chapter's own words, and whether the rewrite fixed it. */
function Issue({ issue, dir, lang }: { issue: ContinuityIssue; dir: "ltr" | "rtl"; lang: string | undefined }) {
  return (
    <li className="grid gap-1 rounded-lg border p-3 text-sm" data-severity={issue.severity} data-fixed={issue.fixed}>
      <p className="flex flex-wrap items-center gap-2 font-medium">
        Chapter {issue.chapter}: {KINDS[issue.kind] ?? issue.kind}
        <Badge variant={issue.severity === "error" && !issue.fixed ? "destructive" : "secondary"}>{issue.severity}</Badge>
        <Badge variant="outline">{issue.fixed ? "fixed by a rewrite" : "not fixed"}</Badge>
      </p>
      <p dir={dir} lang={lang}>
        {issue.detail}
      </p>
      <blockquote className="border-s-2 ps-3 text-muted-foreground" dir={dir} lang={lang}>
        {issue.quote}
      </blockquote>
    </li>
  );
}

/** The chapters and their continuity issues, approved or sent back with a comment. */
function ReviewForm({ book, review, onDecided }: { book: BookPublic; review: ContinuityReview; onDecided: () => void }) {
  const [comment, setComment] = useState("");
  const { approve, sendBack } = useDecideBook(book.id);
  const regenerate = useRegenerateChapter(book.id);
  const [, setParams] = useSearchParams();
  const pending = approve.isPending || sendBack.isPending || regenerate.isPending;
  // Send the chapters back, then write one again: its run continuity-checks it and comes back here.
  const [rewriting, setRewriting] = useState<number | null>(null);
  const rewrite = async (number: number) => {
    approve.reset();
    setRewriting(number);
    await sendBack.mutateAsync({ comment: comment.trim() || `chapter ${String(number)} is written again` });
    try {
      const started = await rewriteOnceStopped((chapter) => regenerate.mutateAsync(chapter), number);
      // The engine writes the chapter again in the same run (a new generation of its steps):
      // follow it afresh, and its id when it is another.
      if (started.execution_id !== review.execution_id) setParams({ run: started.execution_id });
      onDecided();
    } finally {
      setRewriting(null);
    }
  };
  const dir = directionOf(book.language);
  const lang = book.language ?? undefined;

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (pending) return;
    sendBack.reset();
    approve.mutate({ comment: comment.trim() }, { onSuccess: onDecided });
  };

  return (
    <form aria-label="Book review" className="grid gap-4" noValidate onSubmit={submit}>
      <p role="status" className="text-sm">
        {review.found
          ? `${String(review.found)} continuity ${review.found === 1 ? "issue" : "issues"} flagged, ${String(review.fixed)} fixed by a rewrite, ${String(review.errors_left)} ${review.errors_left === 1 ? "error" : "errors"} left.`
          : "The continuity pass flagged no issue."}
      </p>
      <Table aria-label="Chapters under review">
        <TableHeader>
          <TableRow>
            <TableHead>Chapter</TableHead>
            <TableHead>Length</TableHead>
            <TableHead>Issues</TableHead>
            <TableHead>Rewritten</TableHead>
            <TableHead>
              <span className="sr-only">Write again</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {review.chapters.map((chapter) => (
            <TableRow key={chapter.number}>
              <TableCell>
                {chapter.number}.{" "}
                <span dir={dir} lang={lang}>
                  {chapter.title}
                </span>
              </TableCell>
              <TableCell>
                {chapter.words.toLocaleString()}
                {chapter.target ? ` of ${chapter.target.toLocaleString()}` : ""}
              </TableCell>
              <TableCell>{chapter.issues}</TableCell>
              <TableCell>{chapter.rewritten ? "yes" : "no"}</TableCell>
              <TableCell>
                <ConfirmButton
                  label={`Write chapter ${String(chapter.number)} again`}
                  variant="outline"
                  disabled={pending}
                  title={`Send the chapters back and write chapter ${String(chapter.number)} again?`}
                  description="This run stops here (your comment is the reason); a new run writes the chapter again, checks the book's continuity and comes back to this review. Every other chapter is kept."
                  confirmLabel={`Write chapter ${String(chapter.number)} again`}
                  onConfirm={() => rewrite(chapter.number)}
                />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {review.issues.length ? (
        <section aria-labelledby="continuity-issues" className="grid gap-2">
          <h4 id="continuity-issues" className="font-medium">
            Continuity issues
          </h4>
          <ol className="grid gap-2" aria-label="Continuity issues">
            {review.issues.map((issue, index) => (
              <Issue key={index} issue={issue} dir={dir} lang={lang} />
            ))}
          </ol>
        </section>
      ) : null}
      <FormField label="Comment (optional)" hint="Kept with the decision; sending back gives it as the reason.">
        {(control) => <Textarea {...control} value={comment} rows={2} maxLength={2000} onChange={(event) => setComment(event.target.value)} />}
      </FormField>
      {rewriting !== null ? (
        <p role="status" aria-live="polite" className="text-sm text-muted-foreground">
          Stopping this run, then writing chapter {rewriting} again…
        </p>
      ) : null}
      <FormAlert title="The book review was not decided" messages={messagesOf(approve.error ?? sendBack.error ?? regenerate.error)} />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending}>
          {approve.isPending ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Check aria-hidden="true" />}
          Approve the chapters
        </Button>
        <ConfirmButton
          label={
            <>
              <Undo2 aria-hidden="true" />
              Send the chapters back
            </>
          }
          size="default"
          disabled={pending}
          title="Send the chapters back?"
          description="The run stops here and the book is not made; your comment is the reason. To go on, write a flagged chapter again from the table instead."
          confirmLabel="Send the chapters back"
          onConfirm={() => {
            approve.reset();
            return sendBack.mutateAsync({ comment: comment.trim() }).then(onDecided);
          }}
        />
      </div>
    </form>
  );
}

/** The book review of a paused book run (after its continuity pass), on the book's page. */
export function BookReviewPanel({ book, executionId, onDecided }: { book: BookPublic; executionId: string; onDecided: () => void }) {
  const review = useBookReview(book.id, executionId, true);
  if (review.isPending)
    return (
      <div role="status" aria-live="polite" className="grid gap-2">
        <span className="sr-only">Loading the chapters under review…</span>
        <Skeleton className="h-24 w-full" />
      </div>
    );
  if (review.isError)
    return (
      <div className="grid gap-2">
        <ErrorState error={review.error} title="The book review could not be loaded" onRetry={() => void review.refetch()} />
        <Link className="text-sm underline" to={`/executions/${encodeURIComponent(executionId)}`}>
          <ExternalLink aria-hidden="true" className="me-1 inline size-4" />
          Open the run in the execution monitor
        </Link>
      </div>
    );
  return <ReviewForm key={review.data.execution_id} book={book} review={review.data} onDecided={onDecided} />;
}
