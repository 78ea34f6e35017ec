import { Check, Loader2, X } from "lucide-react";
import { useState, type SyntheticEvent } from "react";

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
import { errorMessage } from "@/lib/problems";

import { useDecidePlan, usePlanForReview, type PlanPage, type Sitemap } from "../api/plan-review";
import { words } from "../lib/limits";

interface Draft {
  purpose: string;
  keyword: string;
  sections: string;
}

const SECTION_KINDS = "features, faq, cta, text, newsletter, contact";

function draftOf(page: PlanPage): Draft {
  return { purpose: page.purpose, keyword: page.keyword, sections: page.sections.join(", ") };
}

function changed(page: PlanPage, draft: Draft): boolean {
  return draft.purpose.trim() !== page.purpose || draft.keyword.trim() !== page.keyword || words(draft.sections).join(",") !== page.sections.join(",");
}

/** The sitemap form: each page's purpose, search phrase and sections editable; the tagline too. */
function PlanForm({ jobId, sitemap, language, onDecided }: { jobId: string; sitemap: Sitemap; language: string | null; onDecided: () => void }) {
  const [tagline, setTagline] = useState(sitemap.tagline);
  const [drafts, setDrafts] = useState<Draft[]>(() => sitemap.pages.map(draftOf));
  const [comment, setComment] = useState("");
  const [local, setLocal] = useState<Record<number, string>>({});
  const { approve, reject } = useDecidePlan(jobId);
  const pending = approve.isPending || reject.isPending;
  const dir = directionOf(language);
  const lang = language ?? undefined;
  const edited = sitemap.pages.filter((page, index) => drafts[index] && changed(page, drafts[index])).length + (tagline.trim() !== sitemap.tagline ? 1 : 0);
  const update = (index: number, change: Partial<Draft>) => setDrafts((current) => current.map((draft, at) => (at === index ? { ...draft, ...change } : draft)));

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (pending) return;
    const problems: Record<number, string> = {};
    drafts.forEach((draft, index) => {
      if (!draft.purpose.trim() || !draft.keyword.trim()) problems[index] = "Give the page a purpose and a search phrase.";
      else if (!words(draft.sections).length) problems[index] = `Give at least one section: ${SECTION_KINDS}.`;
    });
    setLocal(problems);
    if (Object.keys(problems).length) return;
    reject.reset();
    const edits: Sitemap | null = edited
      ? {
          ...sitemap,
          tagline: tagline.trim(),
          pages: sitemap.pages.map((page, index) => {
            const draft = drafts[index] ?? draftOf(page);
            return { ...page, purpose: draft.purpose.trim(), keyword: draft.keyword.trim(), sections: words(draft.sections) };
          }),
        }
      : null;
    approve.mutate({ sitemap: edits, comment: comment.trim() }, { onSuccess: onDecided });
  };

  const failure = approve.error ?? reject.error;
  return (
    <form aria-label="Plan review" className="grid gap-4" noValidate onSubmit={submit}>
      <FormField label="Tagline">
        {(control) => <Input {...control} value={tagline} dir={dir} lang={lang} maxLength={160} onChange={(event) => setTagline(event.target.value)} />}
      </FormField>
      <ol className="grid gap-3" aria-label="Pages of the plan">
        {sitemap.pages.map((page, index) => {
          const draft = drafts[index] ?? draftOf(page);
          return (
            <li key={page.slug} className="grid gap-3 rounded-lg border p-4">
              <h4 className="flex flex-wrap items-center gap-2 font-medium">
                <span dir="auto">{page.title}</span>
                <span className="font-mono text-xs text-muted-foreground" dir="ltr">
                  /{page.slug}
                </span>
                {page.front ? <Badge variant="secondary">front page</Badge> : null}
                {changed(page, draft) ? <Badge variant="secondary">edited</Badge> : null}
              </h4>
              <div className="grid items-start gap-3 md:grid-cols-3">
                <FormField label={`Purpose of ${page.title}`} error={local[index]}>
                  {(control) => <Textarea {...control} value={draft.purpose} dir={dir} lang={lang} rows={2} maxLength={300} onChange={(event) => update(index, { purpose: event.target.value })} />}
                </FormField>
                <FormField label={`Search phrase of ${page.title}`}>
                  {(control) => <Input {...control} value={draft.keyword} dir={dir} lang={lang} maxLength={100} onChange={(event) => update(index, { keyword: event.target.value })} />}
                </FormField>
                <FormField label={`Sections of ${page.title}`} hint={`In order, comma-separated: ${SECTION_KINDS}.`}>
                  {(control) => <Input {...control} value={draft.sections} dir="ltr" onChange={(event) => update(index, { sections: event.target.value })} />}
                </FormField>
              </div>
            </li>
          );
        })}
      </ol>
      <FormField label="Comment (optional)" hint="Kept with the decision; a rejection gives it as the reason.">
        {(control) => <Textarea {...control} value={comment} rows={2} maxLength={2000} onChange={(event) => setComment(event.target.value)} />}
      </FormField>
      <FormAlert title="The plan was not decided" messages={failure ? [errorMessage(failure)] : []} />
      <p role="status" aria-live="polite" className="text-sm text-muted-foreground">
        {edited ? `${String(edited)} change${edited === 1 ? "" : "s"} to the plan` : "No change to the plan"}
      </p>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending}>
          {approve.isPending ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Check aria-hidden="true" />}
          {edited ? "Approve with my edits" : "Approve the plan"}
        </Button>
        <ConfirmButton
          label={
            <>
              <X aria-hidden="true" />
              Reject the plan
            </>
          }
          size="default"
          disabled={pending}
          title="Reject the plan?"
          description="The run stops here and no page is written; your comment is kept as the reason."
          confirmLabel="Reject the plan"
          onConfirm={() => {
            approve.reset();
            return reject.mutateAsync(comment.trim()).then(onDecided);
          }}
        />
      </div>
    </form>
  );
}

/** The plan review of a paused site job. */
export function PlanReviewPanel({ jobId, language, onDecided }: { jobId: string; language: string | null; onDecided: () => void }) {
  const plan = usePlanForReview(jobId, true);
  if (plan.isPending)
    return (
      <div role="status" aria-live="polite" className="grid gap-2">
        <span className="sr-only">Loading the plan…</span>
        <Skeleton className="h-24 w-full" />
      </div>
    );
  if (plan.isError) return <ErrorState error={plan.error} title="The plan could not be loaded" onRetry={() => void plan.refetch()} />;
  return <PlanForm jobId={jobId} sitemap={plan.data} language={language} onDecided={onDecided} />;
}
