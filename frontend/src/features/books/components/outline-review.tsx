import { Check, ExternalLink, Loader2, X } from "lucide-react";
import { useState, type SyntheticEvent } from "react";
import { Link } from "react-router";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { ErrorState } from "@/components/ui/error-state";
import { FormAlert } from "@/components/ui/form-alert";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Textarea } from "@/components/ui/textarea";
import { directionOf } from "@/lib/direction";
import { ApiProblem, errorMessage, fieldName, problemMessage } from "@/lib/problems";

import type { BookPublic } from "../api/books";
import { useDecideOutline, useOutlineReview, type OutlineChapterEdit, type OutlineReview } from "../api/outline-review";
import { OUTLINE } from "../lib/limits";

interface Draft {
  title: string;
  goal: string;
}

/** Per chapter number, the problems of its title and goal; the rest apart. */
type Problems = { chapters: Record<number, Partial<Draft>>; rest: string[] };

function checkDrafts(drafts: Draft[]): Problems["chapters"] {
  const found: Problems["chapters"] = {};
  drafts.forEach((draft, index) => {
    const problems: Partial<Draft> = {};
    const title = draft.title.trim();
    const goal = draft.goal.trim();
    if (title.length < OUTLINE.titleMin || title.length > OUTLINE.titleMax)
      problems.title = `Give a title of ${String(OUTLINE.titleMin)} to ${String(OUTLINE.titleMax)} characters.`;
    if (goal.length < OUTLINE.goalMin || goal.length > OUTLINE.goalMax)
      problems.goal = `Give a goal of ${String(OUTLINE.goalMin)} to ${String(OUTLINE.goalMax)} characters.`;
    if (problems.title ?? problems.goal) found[index + 1] = problems;
  });
  return found;
}

/** A refused decision's messages: `chapters.K.title` names the K-th edit sent, i.e. its chapter. */
function serverProblems(error: unknown, sent: OutlineChapterEdit[]): Problems {
  const result: Problems = { chapters: {}, rest: [] };
  if (!error) return result;
  if (!(error instanceof ApiProblem)) {
    result.rest.push(errorMessage(error));
    return result;
  }
  const errors = error.problem.errors ?? [];
  for (const entry of errors) {
    const [head, position, key] = fieldName(entry.field).split(".");
    const number = head === "chapters" ? sent[Number(position)]?.number : undefined;
    if (number !== undefined && (key === "title" || key === "goal")) {
      result.chapters[number] = { ...result.chapters[number], [key]: entry.message };
    } else result.rest.push(entry.message);
  }
  if (!errors.length) result.rest.push(problemMessage(error.problem, error.status));
  return result;
}

/** A label that shows `shown` and says `rest` too to assistive technology (names stay unique). */
function Visible({ shown, rest }: { shown: string; rest: string }) {
  return (
    <>
      {shown}
      <span className="sr-only">{rest}</span>
    </>
  );
}

/** The outline, chapter by chapter: titles and goals editable, scenes and end states to read. */
function OutlineForm({ book, review, onDecided }: { book: BookPublic; review: OutlineReview; onDecided: () => void }) {
  const [drafts, setDrafts] = useState<Draft[]>(() => review.chapters.map(({ title, goal }) => ({ title, goal })));
  const [comment, setComment] = useState("");
  const [local, setLocal] = useState<Problems["chapters"]>({});
  const [sent, setSent] = useState<OutlineChapterEdit[]>([]);
  const { approve, reject } = useDecideOutline(book.id);
  const pending = approve.isPending || reject.isPending;
  const server = serverProblems(approve.error ?? reject.error, sent);
  const dir = directionOf(book.language);
  const lang = book.language ?? undefined;
  const parts = book.kind === "nonfiction" ? "Sections" : "Scenes";
  const edits: OutlineChapterEdit[] = review.chapters.flatMap((chapter, index) => {
    const draft = drafts[index];
    if (!draft) return [];
    const title = draft.title.trim();
    const goal = draft.goal.trim();
    return title === chapter.title && goal === chapter.goal ? [] : [{ number: chapter.number, title, goal }];
  });
  const problemOf = (number: number, key: keyof Draft) => local[number]?.[key] ?? server.chapters[number]?.[key];

  const update = (index: number, change: Partial<Draft>) =>
    setDrafts((current) => current.map((draft, at) => (at === index ? { ...draft, ...change } : draft)));

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (pending) return;
    const problems = checkDrafts(drafts);
    setLocal(problems);
    if (Object.keys(problems).length) return;
    reject.reset();
    setSent(edits);
    approve.mutate({ chapters: edits, comment: comment.trim() }, { onSuccess: onDecided });
  };

  return (
    <form aria-label="Outline review" className="grid gap-4" noValidate onSubmit={submit}>
      <ol className="grid gap-3" aria-label="Chapters of the outline">
        {review.chapters.map((chapter, index) => {
          const draft = drafts[index] ?? { title: chapter.title, goal: chapter.goal };
          const changed = edits.some((edit) => edit.number === chapter.number);
          return (
            <li key={chapter.number} className="grid gap-3 rounded-lg border p-4">
              <h4 className="flex items-center gap-2 font-medium">
                Chapter {chapter.number}
                {changed ? <Badge variant="secondary">edited</Badge> : null}
              </h4>
              <div className="grid items-start gap-3 md:grid-cols-2">
                <FormField label={<Visible shown="Title" rest={` of chapter ${String(chapter.number)}`} />} error={problemOf(chapter.number, "title")}>
                  {(control) => (
                    <Input {...control} value={draft.title} dir={dir} lang={lang} maxLength={OUTLINE.titleMax} onChange={(event) => update(index, { title: event.target.value })} />
                  )}
                </FormField>
                <FormField label={<Visible shown="Goal" rest={` of chapter ${String(chapter.number)}`} />} error={problemOf(chapter.number, "goal")}>
                  {(control) => (
                    <Textarea {...control} value={draft.goal} dir={dir} lang={lang} rows={2} maxLength={OUTLINE.goalMax} onChange={(event) => update(index, { goal: event.target.value })} />
                  )}
                </FormField>
              </div>
              <div className="grid gap-3 text-sm md:grid-cols-2">
                <div>
                  <h5 className="font-medium text-muted-foreground">{parts}</h5>
                  <ol className="list-decimal ps-5" dir={dir} lang={lang}>
                    {chapter.beats.map((beat, position) => (
                      <li key={position}>{beat}</li>
                    ))}
                  </ol>
                </div>
                <div>
                  <h5 className="font-medium text-muted-foreground">At its end</h5>
                  <p dir={dir} lang={lang}>
                    {chapter.end_state}
                  </p>
                  {chapter.deaths?.length ? (
                    <p className="text-muted-foreground">
                      Dies here:{" "}
                      <span dir={dir} lang={lang}>
                        {chapter.deaths.join(", ")}
                      </span>
                    </p>
                  ) : null}
                </div>
              </div>
            </li>
          );
        })}
      </ol>
      <FormField label="Comment (optional)" hint="Kept with the decision; a rejection gives it as the reason.">
        {(control) => <Textarea {...control} value={comment} rows={2} maxLength={2000} onChange={(event) => setComment(event.target.value)} />}
      </FormField>
      <FormAlert title="The outline was not decided" messages={server.rest} />
      <p role="status" aria-live="polite" className="text-sm text-muted-foreground">
        {edits.length ? `${String(edits.length)} of ${String(review.chapters.length)} chapters edited` : "No chapter edited"}
      </p>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending}>
          {approve.isPending ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Check aria-hidden="true" />}
          {edits.length ? "Approve with my edits" : "Approve the outline"}
        </Button>
        <ConfirmButton
          label={
            <>
              <X aria-hidden="true" />
              Reject the outline
            </>
          }
          size="default"
          disabled={pending}
          title="Reject the outline?"
          description="The run stops here and the book is not written; your comment is kept as the reason. Start a new book to try again."
          confirmLabel="Reject the outline"
          onConfirm={() => {
            approve.reset();
            return reject.mutateAsync({ comment: comment.trim() }).then(onDecided);
          }}
        />
      </div>
    </form>
  );
}

/** The outline review of a paused book run, on the book's page. */
export function OutlineReviewPanel({ book, executionId, onDecided }: { book: BookPublic; executionId: string; onDecided: () => void }) {
  const review = useOutlineReview(book.id, executionId, true);
  if (review.isPending)
    return (
      <div role="status" aria-live="polite" className="grid gap-2">
        <span className="sr-only">Loading the outline…</span>
        <Skeleton className="h-24 w-full" />
        <Skeleton className="h-24 w-full" />
      </div>
    );
  if (review.isError)
    return (
      <div className="grid gap-2">
        <ErrorState error={review.error} title="The outline could not be loaded" onRetry={() => void review.refetch()} />
        <Link className="text-sm underline" to={`/executions/${encodeURIComponent(executionId)}`}>
          <ExternalLink aria-hidden="true" className="me-1 inline size-4" />
          Open the run in the execution monitor
        </Link>
      </div>
    );
  return <OutlineForm key={review.data.execution_id} book={book} review={review.data} onDecided={onDecided} />;
}
