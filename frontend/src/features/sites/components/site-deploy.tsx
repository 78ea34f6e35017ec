import { Download, ExternalLink, Loader2, Rocket } from "lucide-react";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link } from "react-router";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormAlert } from "@/components/ui/form-alert";
import { FormField } from "@/components/ui/form-field";
import { Progress } from "@/components/ui/progress";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { errorMessage } from "@/lib/problems";

import { downloadTheme, JOB_SETTLED, siteKeys, useDeploySite, useJob, useWordPressSites, type SitePublic } from "../api/sites";

/** Download the theme ZIP; deploy the pages, menu and styles to a connected WordPress as a job, its progress and what each step did. */
export function SiteDeploy({ site, busy }: { site: SitePublic; busy: boolean }) {
  const targets = useWordPressSites();
  const deploy = useDeploySite(site.id);
  const [target, setTarget] = useState("");
  const [saved, setSaved] = useState<string | null>(null);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const [downloading, setDownloading] = useState(false);
  const chosen = target || targets.data?.[0]?.name || "";
  const job = useJob(deploy.data?.job_id);
  const status = job.data?.status;
  const running = deploy.isPending || (Boolean(deploy.data) && !(status && JOB_SETTLED.has(status)));
  const result = status === "completed" ? job.data?.deploy : null;
  const failure = status && status !== "completed" && JOB_SETTLED.has(status) ? (job.data?.error ?? `The deploy job is ${status}.`) : null;
  const client = useQueryClient();
  useEffect(() => {
    if (status === "completed") void client.invalidateQueries({ queryKey: siteKeys.all });
  }, [status, client]);

  const download = async () => {
    setDownloading(true);
    setDownloadError(null);
    try {
      setSaved(await downloadTheme(site.id));
    } catch (error) {
      setDownloadError(error);
    } finally {
      setDownloading(false);
    }
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>Theme and deploy</CardTitle>
        <CardDescription>The block theme (theme.json, templates, parts, fonts) as a ZIP for Appearance › Themes › Upload, and the pages deployed to a connected WordPress. Deploying again updates the same pages.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <div className="flex flex-wrap items-center gap-3">
          <Button variant="outline" disabled={busy || downloading} onClick={() => void download()}>
            {downloading ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Download aria-hidden="true" />}
            Download the theme ZIP
          </Button>
          <p role="status" className="text-sm text-muted-foreground">
            {saved ? `Saved ${saved}` : ""}
          </p>
        </div>
        <FormAlert title="The theme could not be downloaded" messages={downloadError ? [errorMessage(downloadError)] : []} />
        {targets.data?.length === 0 ? (
          <p className="text-sm text-muted-foreground">
            No WordPress site is connected: <Link className="underline" to="/settings">connect one in Settings</Link> to deploy.
          </p>
        ) : (
          <div className="flex flex-wrap items-end gap-3">
            <FormField label="WordPress site" className="min-w-56" error={targets.isError ? errorMessage(targets.error) : undefined}>
              {(control) => (
                <Select value={chosen} onValueChange={setTarget} disabled={!targets.data}>
                  <SelectTrigger {...control}>
                    <SelectValue placeholder="Loading…" />
                  </SelectTrigger>
                  <SelectContent>
                    {(targets.data ?? []).map((item) => (
                      <SelectItem key={item.id} value={item.name}>
                        {item.name}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              )}
            </FormField>
            <Button disabled={busy || running || !chosen} onClick={() => deploy.mutate(chosen)} aria-busy={running}>
              {running ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Rocket aria-hidden="true" />}
              {running ? "Deploying…" : "Deploy"}
            </Button>
          </div>
        )}
        {running ? (
          <div role="status" aria-live="polite" className="grid gap-1 text-sm">
            <div className="flex justify-between">
              <span>
                Deploying to {chosen}: {job.data?.current_step ?? "queued"}
              </span>
              <span className="tabular-nums">{job.data?.progress ?? 0}%</span>
            </div>
            <Progress value={job.data?.progress ?? 0} aria-label="Deploy progress" aria-valuetext={`${String(job.data?.progress ?? 0)}%`} />
            {job.data?.log.length ? (
              <ol className="list-decimal ps-5 font-mono text-xs" aria-label="Deploy steps done">
                {job.data.log.map((line, index) => (
                  <li key={index}>{line}</li>
                ))}
              </ol>
            ) : null}
          </div>
        ) : null}
        <FormAlert title="The site was not deployed" messages={deploy.error ? [errorMessage(deploy.error)] : failure ? [failure] : job.isError ? [errorMessage(job.error)] : []} />
        {result ? (
          <Alert>
            <AlertTitle>
              Deployed version {result.version} to {result.site}
            </AlertTitle>
            <AlertDescription className="grid gap-2">
              <a className="inline-flex items-center gap-1 underline" href={result.url} target="_blank" rel="noreferrer noopener">
                <ExternalLink aria-hidden="true" className="size-4" />
                Open the site
              </a>
              <ol className="list-decimal ps-5 font-mono text-xs" aria-label="Deploy log">
                {result.log.map((line, index) => (
                  <li key={index}>{line}</li>
                ))}
              </ol>
            </AlertDescription>
          </Alert>
        ) : null}
      </CardContent>
    </Card>
  );
}
