import { RefreshCw } from "lucide-react";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { FormAlert } from "@/components/ui/form-alert";
import { Skeleton } from "@/components/ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { directionOf } from "@/lib/direction";
import { errorMessage } from "@/lib/problems";

import { BlockPreview } from "./block-preview";
import { PageEditForm, SeoSourceNote } from "./page-edit";
import { useRegeneratePage, useSiteVersion, type SitePublic, type SiteStarted } from "../api/sites";

/** Each page: its search fields, a preview of its blocks, and writing it again. */
export function SitePages({ site, busy, onStarted }: { site: SitePublic; busy: boolean; onStarted: (started: SiteStarted) => void }) {
  const version = useSiteVersion(site.id, site.current_version);
  const regenerate = useRegeneratePage(site.id);
  const dir = directionOf(site.language);
  const lang = site.language ?? undefined;
  const pages = site.pages ?? [];
  const first = pages[0]?.slug;
  if (!first) return null;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Pages</CardTitle>
        <CardDescription>Each page as WordPress will show it (core blocks only), with its SEO title and description. Write one page again and the others, the plan and the design are kept.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        <FormAlert title="The page was not written again" messages={regenerate.error ? [errorMessage(regenerate.error)] : []} />
        <Tabs defaultValue={first}>
          <TabsList aria-label="Pages of the site" className="h-auto flex-wrap">
            {pages.map((page) => (
              <TabsTrigger key={page.slug} value={page.slug}>
                <span dir="auto">{page.title}</span>
              </TabsTrigger>
            ))}
          </TabsList>
          {pages.map((page) => {
            const stored = version.data?.find((item) => item.slug === page.slug);
            return (
              <TabsContent key={page.slug} value={page.slug} className="grid gap-3">
                <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[10rem_1fr]" lang={lang}>
                  <dt className="text-muted-foreground">Address</dt>
                  <dd className="font-mono" dir="ltr">
                    /{page.slug} {page.index === 0 ? <Badge variant="secondary">front page</Badge> : null}
                  </dd>
                  <dt className="text-muted-foreground">Heading (H1)</dt>
                  <dd dir={dir}>{page.h1}</dd>
                  <dt className="text-muted-foreground">SEO title</dt>
                  <dd dir={dir}>
                    {page.seo_title}
                    <SeoSourceNote page={page} field="seo_title" />
                  </dd>
                  <dt className="text-muted-foreground">Meta description</dt>
                  <dd dir={dir}>
                    {page.meta_desc}
                    <SeoSourceNote page={page} field="meta_desc" />
                  </dd>
                  <dt className="text-muted-foreground">Search phrase</dt>
                  <dd dir={dir}>{page.keyword}</dd>
                  <dt className="text-muted-foreground">Sections</dt>
                  <dd>{page.sections.join(", ")}</dd>
                </dl>
                <div>
                  <Button
                    variant="outline"
                    size="sm"
                    disabled={busy || regenerate.isPending}
                    onClick={() => regenerate.mutate(page.slug, { onSuccess: onStarted })}
                  >
                    <RefreshCw aria-hidden="true" className={regenerate.isPending ? "animate-spin" : undefined} />
                    Write {page.title} again
                  </Button>
                </div>
                <details className="text-sm">
                  <summary className="cursor-pointer font-medium">Edit the text of {page.title}</summary>
                  <div className="mt-2">
                    <PageEditForm
                      key={`${page.slug}-${site.current_version}`}
                      siteId={site.id}
                      page={page}
                      stored={stored}
                      version={site.current_version}
                      dir={dir}
                      lang={lang}
                      disabled={busy}
                    />
                  </div>
                </details>
                {version.isError ? (
                  <ErrorState error={version.error} title="The page's blocks could not be loaded" onRetry={() => void version.refetch()} />
                ) : stored ? (
                  <BlockPreview site={site} page={stored} title={`Preview of the page ${page.title}`} />
                ) : (
                  <Skeleton className="h-[32rem] w-full" />
                )}
              </TabsContent>
            );
          })}
        </Tabs>
      </CardContent>
    </Card>
  );
}
