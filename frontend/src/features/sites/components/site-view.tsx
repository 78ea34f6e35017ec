import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useParams, useSearchParams } from "react-router";

import { Badge } from "@/components/ui/badge";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { directionOf } from "@/lib/direction";

import { JOB_SETTLED, siteKeys, useJob, useSite, type SiteStarted } from "../api/sites";
import { statusVariant } from "../lib/job";
import { SiteDeploy } from "./site-deploy";
import { SiteDesign } from "./site-design";
import { SiteJob } from "./site-job";
import { SiteLive } from "./site-live";
import { SitePages } from "./site-pages";

/** One site: the job making it (plan review, pages, log), then its pages, preview, design, theme and deploy, and the live site. */
export function SiteView() {
  const { id = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const site = useSite(id);
  const client = useQueryClient();
  const jobId = params.get("job") ?? site.data?.job_id ?? null;
  const job = useJob(jobId);
  const running = Boolean(job.data && !JOB_SETTLED.has(job.data.status)) || job.data?.status === "paused";
  const onSettled = useCallback(() => void client.invalidateQueries({ queryKey: siteKeys.all }), [client]);
  const onStarted = useCallback(
    (started: SiteStarted) => {
      setParams({ job: started.job_id });
      void client.invalidateQueries({ queryKey: siteKeys.all });
    },
    [client, setParams],
  );

  if (site.isPending)
    return (
      <div role="status" className="grid gap-2">
        <span className="sr-only">Loading the site…</span>
        <Skeleton className="h-32 w-full" />
      </div>
    );
  if (site.isError) return <ErrorState error={site.error} title="The site could not be loaded" onRetry={() => void site.refetch()} />;
  const data = site.data;
  const dir = directionOf(data.language);
  const titles = (data.pages ?? []).map((page) => page.title);
  const deployedTo = data.deployed_to ?? [];
  const showJob = jobId && (running || job.data?.status === "failed" || job.data?.status === "cancelled" || params.has("job"));
  return (
    <div className="grid gap-6">
      <section aria-labelledby="site-title" className="grid gap-1">
        <h2 id="site-title" className="flex flex-wrap items-center gap-2 text-xl font-semibold">
          <span dir="auto">{data.title}</span>
          <Badge variant={statusVariant(data.status)}>{data.status}</Badge>
        </h2>
        {data.tagline ? (
          <p className="text-muted-foreground" dir={dir} lang={data.language ?? undefined}>
            {data.tagline}
          </p>
        ) : null}
        <p className="text-sm text-muted-foreground">
          {data.language ?? ""} · version {data.current_version}
          {deployedTo.length ? ` · deployed to ${deployedTo.join(", ")}` : ""}
        </p>
        {data.error ? <p className="text-sm text-destructive">{data.error}</p> : null}
      </section>
      {showJob ? <SiteJob jobId={jobId} titles={titles} language={data.language} onSettled={onSettled} /> : null}
      {data.current_version > 0 ? (
        <>
          <SitePages site={data} busy={running} onStarted={onStarted} />
          <SiteDesign site={data} busy={running} onStarted={onStarted} />
          <SiteDeploy site={data} busy={running} />
          <SiteLive site={data} />
        </>
      ) : null}
    </div>
  );
}
