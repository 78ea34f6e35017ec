import { Download, ExternalLink, Loader2, Rocket } from "lucide-react";
import { useState } from "react";
import { Link } from "react-router";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormAlert } from "@/components/ui/form-alert";
import { FormField } from "@/components/ui/form-field";
import { Progress } from "@/components/ui/progress";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { errorMessage } from "@/lib/problems";

import { downloadTheme, useDeploySite, useWordPressSites, type SitePublic } from "../api/sites";

/** Download the theme ZIP; deploy the pages, menu and styles to a connected WordPress, with what each step did. */
export function SiteDeploy({ site, busy }: { site: SitePublic; busy: boolean }) {
  const targets = useWordPressSites();
  const deploy = useDeploySite(site.id);
  const [target, setTarget] = useState("");
  const [saved, setSaved] = useState<string | null>(null);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const [downloading, setDownloading] = useState(false);
  const chosen = target || targets.data?.[0]?.name || "";
  const result = deploy.data;

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
            <Button disabled={busy || deploy.isPending || !chosen} onClick={() => deploy.mutate(chosen)} aria-busy={deploy.isPending}>
              {deploy.isPending ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Rocket aria-hidden="true" />}
              {deploy.isPending ? "Deploying…" : "Deploy"}
            </Button>
          </div>
        )}
        {deploy.isPending ? (
          <div role="status" aria-live="polite" className="grid gap-1 text-sm">
            Deploying to {chosen}: pages, menu, front page, global styles and plugins…
            <Progress aria-label="Deploy progress" />
          </div>
        ) : null}
        <FormAlert title="The site was not deployed" messages={deploy.error ? [errorMessage(deploy.error)] : []} />
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
