import { CheckCircle2, Circle, ExternalLink, Loader2, XCircle } from "lucide-react";
import { useEffect, useRef } from "react";
import { Link } from "react-router";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { Progress } from "@/components/ui/progress";

import { JOB_SETTLED, useJob } from "../api/sites";
import { pageProgress, type PageState } from "../lib/job";
import { PlanReviewPanel } from "./plan-review";

const PLAN_REVIEW = "plan_review";
// The flow's steps as a person says them (a page's step is already "page 2 of 4: About").
const STEPS: Record<string, string> = {
  brief: "reading the brief",
  plan: "planning the site",
  sitemap: "making the sitemap",
  plan_review: "waiting for your review of the plan",
  pages: "writing the pages",
  design: "choosing the palette and fonts",
  plugins: "recommending plugins",
  site: "putting the site together",
  site_review: "waiting for your review of the site",
};

function PageIcon({ state }: { state: PageState }) {
  if (state === "done") return <CheckCircle2 aria-hidden="true" className="size-4 text-success" />;
  if (state === "failed") return <XCircle aria-hidden="true" className="size-4 text-destructive" />;
  if (state === "writing") return <Loader2 aria-hidden="true" className="size-4 animate-spin text-primary" />;
  return <Circle aria-hidden="true" className="size-4 text-muted-foreground" />;
}

/** A site job followed until it settles: progress, the current step, each page, the log; the plan review when it waits for one. */
export function SiteJob({ jobId, titles, language, onSettled }: { jobId: string; titles: string[]; language: string | null; onSettled: (status: string) => void }) {
  const job = useJob(jobId);
  const status = job.data?.status;
  const told = useRef<string | null>(null);
  useEffect(() => {
    if (status && JOB_SETTLED.has(status) && told.current !== status) {
      told.current = status;
      onSettled(status);
    }
    if (status && !JOB_SETTLED.has(status)) told.current = null;
  }, [status, onSettled]);

  if (job.isError) return <ErrorState error={job.error} title="This job could not be followed" onRetry={() => void job.refetch()} />;
  const data = job.data;
  const reviewing = status === "paused" && data?.current_step === PLAN_REVIEW;
  const failed = status === "failed" || status === "cancelled";
  const pages = pageProgress(data?.log ?? [], titles);
  const written = pages.filter((page) => page.state === "done").length;
  const title = reviewing ? "The plan waits for your review" : status === "paused" ? "The site waits for a review" : failed ? "The site was not finished" : status === "completed" ? "The site is generated" : "Generating the site";
  return (
    <Card aria-busy={!status || !JOB_SETTLED.has(status)}>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        <CardDescription>
          {reviewing ? "Check each page's purpose, search phrase and sections; edit them if you like, then approve and the pages are written." : "The plan, each page, the design and the plugins show here as they are made."}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <div className="grid gap-1.5">
          <div className="flex justify-between text-sm">
            <span id={`job-${jobId}-label`}>{data?.current_step ? `Now: ${STEPS[data.current_step] ?? data.current_step}` : (status ?? "queued")}</span>
            <span className="tabular-nums">{data?.progress ?? 0}%</span>
          </div>
          <Progress value={data?.progress ?? 0} aria-labelledby={`job-${jobId}-label`} aria-valuetext={`${String(data?.progress ?? 0)}%`} />
        </div>
        {reviewing ? <PlanReviewPanel jobId={jobId} language={language} onDecided={() => void job.refetch()} /> : null}
        {status === "paused" && !reviewing ? (
          <Alert>
            <AlertTitle>Waiting for a decision: {data?.current_step ?? "review"}</AlertTitle>
            <AlertDescription>
              <Link className="underline" to={`/executions/${encodeURIComponent(jobId)}`}>
                <ExternalLink aria-hidden="true" className="me-1 inline size-4" />
                Decide it in the execution monitor
              </Link>
            </AlertDescription>
          </Alert>
        ) : null}
        {failed ? (
          <Alert variant="destructive">
            <AlertTitle>Job {status}</AlertTitle>
            <AlertDescription>
              <p>{data?.error ?? "The job stopped before the site was complete."}</p>
              <Link className="underline" to={`/executions/${encodeURIComponent(jobId)}`}>
                Open the run in the execution monitor
              </Link>
            </AlertDescription>
          </Alert>
        ) : null}
        {pages.length ? (
          <section aria-label="Page progress" className="grid gap-2">
            <h3 className="text-sm font-medium">
              Pages: {written} of {pages.length} written
            </h3>
            <ol className="grid gap-1 sm:grid-cols-3">
              {pages.map((page) => (
                <li key={page.number} className="flex items-center gap-2 text-sm" data-state={page.state}>
                  <PageIcon state={page.state} />
                  <span>
                    <span dir="auto">{page.title}</span> <span className="text-muted-foreground">{page.state}</span>
                  </span>
                </li>
              ))}
            </ol>
          </section>
        ) : null}
        <details className="rounded-md border p-3 text-sm" open={!JOB_SETTLED.has(status ?? "")}>
          <summary className="cursor-pointer font-medium">Log ({data?.log.length ?? 0} lines)</summary>
          <ol className="mt-2 grid gap-0.5 font-mono text-xs" aria-label="Job log">
            {(data?.log ?? []).map((line, index) => (
              <li key={index} dir="auto">
                {line}
              </li>
            ))}
          </ol>
        </details>
      </CardContent>
    </Card>
  );
}
