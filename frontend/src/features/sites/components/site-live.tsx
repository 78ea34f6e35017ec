import { AlertTriangle, ExternalLink, Globe } from "lucide-react";
import { useState } from "react";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { ApiProblem, errorMessage } from "@/lib/problems";

import { useLivePreview } from "../api/live-preview";
import { useSiteVersion, type SitePublic, type SitePagePublic } from "../api/sites";
import { BlockPreview } from "./block-preview";

const FRAME = "h-[36rem] w-full rounded-md border bg-white";

/** What went wrong reading the page from WordPress, in the words of its status. */
function failureTitle(error: unknown): string {
  if (error instanceof ApiProblem) {
    if (error.status === 504) return "WordPress does not answer";
    if (error.status === 502) return "WordPress did not give the page";
    if (error.status === 409) return "This page is not on WordPress yet";
  }
  return "The live page could not be shown";
}

/** Until the page is on WordPress: the blocks as a block theme shows them, saying so. */
function NotLiveYet({ site, page, title, message }: { site: SitePublic; page: SitePagePublic | undefined; title: string; message: string }) {
  const version = useSiteVersion(site.id, site.current_version);
  const stored = page ? version.data?.find((item) => item.slug === page.slug) : undefined;
  return (
    <>
      <Alert>
        <Globe aria-hidden="true" />
        <AlertTitle>{title}</AlertTitle>
        <AlertDescription>
          <p>{message}</p>
        </AlertDescription>
      </Alert>
      {page && stored ? <BlockPreview site={site} page={stored} title={`Block preview of the page ${page.title} (not deployed)`} /> : null}
    </>
  );
}

/** The live site: each deployed page as its WordPress serves it (read by the server, shown without scripts in a sandboxed frame of this origin). */
export function SiteLive({ site }: { site: SitePublic }) {
  const targets = site.deployed_to ?? [];
  const pages = site.pages ?? [];
  const front = site.front_page ?? pages[0]?.slug ?? "";
  const [wanted, setWanted] = useState(front);
  const [target, setTarget] = useState("");
  const slug = pages.some((page) => page.slug === wanted) ? wanted : front;
  const page = pages.find((item) => item.slug === slug);
  const wordpress = targets.includes(target) ? target : (targets[0] ?? null);
  const deployed = wordpress !== null;
  const live = useLivePreview(site.id, wordpress, slug === front ? null : slug, deployed && Boolean(slug));
  const notYet = live.error instanceof ApiProblem && live.error.status === 409;

  return (
    <Card>
      <CardHeader>
        <CardTitle>Live site</CardTitle>
        <CardDescription>Each deployed page as WordPress serves it, with its theme, read by the server and shown here without scripts. Links open the live site in a new tab.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <div className="flex flex-wrap items-end gap-3">
          <FormField label="Page" className="min-w-56">
            {(control) => (
              <Select value={slug} onValueChange={setWanted} disabled={!pages.length}>
                <SelectTrigger {...control}>
                  <SelectValue placeholder="No pages" />
                </SelectTrigger>
                <SelectContent>
                  {pages.map((item) => (
                    <SelectItem key={item.slug} value={item.slug}>
                      <span dir="auto">{item.title}</span>
                      {item.slug === front ? " (front page)" : ""}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            )}
          </FormField>
          {targets.length > 1 ? (
            <FormField label="WordPress site" className="min-w-56">
              {(control) => (
                <Select value={wordpress ?? ""} onValueChange={setTarget}>
                  <SelectTrigger {...control}>
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    {targets.map((name) => (
                      <SelectItem key={name} value={name}>
                        {name}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              )}
            </FormField>
          ) : null}
          {live.data ? (
            <a className="inline-flex h-9 items-center gap-1 text-sm underline" href={live.data.source_url} target="_blank" rel="noreferrer noopener">
              <ExternalLink aria-hidden="true" className="size-4" />
              Open on {live.data.wordpress}
            </a>
          ) : null}
        </div>
        {!deployed ? (
          <NotLiveYet
            site={site}
            page={page}
            title="Not deployed yet"
            message="Deploy the site to a connected WordPress (Theme and deploy) to see its pages here as WordPress serves them. Until then, this is the block preview: the page's blocks as a block theme shows them."
          />
        ) : notYet ? (
          <NotLiveYet site={site} page={page} title={failureTitle(live.error)} message={errorMessage(live.error)} />
        ) : live.isError ? (
          <Alert variant="destructive">
            <AlertTriangle aria-hidden="true" />
            <AlertTitle>{failureTitle(live.error)}</AlertTitle>
            <AlertDescription>
              <p>{errorMessage(live.error)}</p>
              <Button variant="outline" size="sm" className="mt-2" onClick={() => void live.refetch()}>
                Try again
              </Button>
            </AlertDescription>
          </Alert>
        ) : live.data ? (
          <iframe
            title={`Live page ${live.data.title || page?.title || ""} on ${live.data.wordpress}`}
            sandbox="allow-popups allow-popups-to-escape-sandbox"
            referrerPolicy="no-referrer"
            src={live.data.url}
            className={FRAME}
          />
        ) : (
          <div role="status" className="relative h-[36rem]">
            <span className="sr-only">Reading the page from WordPress…</span>
            <Skeleton className="absolute inset-0 size-full" />
          </div>
        )}
      </CardContent>
    </Card>
  );
}
