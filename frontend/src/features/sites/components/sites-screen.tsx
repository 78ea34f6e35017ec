import { Globe, Plus } from "lucide-react";
import { Link, Route, Routes, useNavigate } from "react-router";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { formatRelative } from "@/lib/format";

import { useSites } from "../api/sites";
import { statusVariant } from "../lib/job";
import { SiteView } from "./site-view";
import { SiteWizard } from "./site-wizard";

/** The workspace's sites, newest first, with their status. */
function SiteList() {
  const sites = useSites();
  return (
    <Card>
      <CardHeader>
        <CardTitle>Your sites</CardTitle>
        <CardDescription>Every site of the workspace, newest first: generating, draft (made, not deployed) or active (deployed).</CardDescription>
      </CardHeader>
      <CardContent>
        {sites.isPending ? (
          <div role="status" aria-live="polite" className="grid gap-2">
            <span className="sr-only">Loading the sites…</span>
            <Skeleton className="h-10 w-full" />
          </div>
        ) : sites.isError ? (
          <ErrorState error={sites.error} title="The sites could not be loaded" onRetry={() => void sites.refetch()} />
        ) : sites.data.items.length === 0 ? (
          <EmptyState
            icon={Globe}
            title="No sites yet"
            action={
              <Button asChild>
                <Link to="/sites/new">Build a site</Link>
              </Button>
            }
          >
            Describe the business and a site is planned, written page by page, designed and made into a block theme.
          </EmptyState>
        ) : (
          <ul className="divide-y" aria-label="Sites">
            {sites.data.items.map((site) => {
              const status = site.status;
              return (
                <li key={site.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <Link to={`/sites/${site.id}`} className="font-medium text-primary underline-offset-4 hover:underline" dir="auto">
                    {site.title}
                  </Link>
                  <span className="flex items-center gap-2 text-sm text-muted-foreground">
                    <Badge variant={statusVariant(status)}>{status}</Badge>
                    {site.language ?? ""} · updated {formatRelative(site.updated_at)}
                  </span>
                </li>
              );
            })}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}

function NewSite() {
  const navigate = useNavigate();
  return (
    <Card>
      <CardHeader>
        <CardTitle>Site wizard</CardTitle>
        <CardDescription>Tell us about the business; the site is planned (you may review the plan first), written page by page, designed with checked contrast and made into a block theme.</CardDescription>
      </CardHeader>
      <CardContent>
        <SiteWizard onStarted={(started) => void navigate(`/sites/${started.site_id}?job=${encodeURIComponent(started.job_id)}`)} />
      </CardContent>
    </Card>
  );
}

/** Sites: the list, the wizard, and one site (its job, pages, preview, design, theme and deploy). */
export default function SitesScreen() {
  return (
    <div className="mx-auto grid max-w-7xl gap-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Sites</h1>
          <p className="text-sm text-muted-foreground">Describe a business, approve its plan, preview its pages, then download the theme or deploy to WordPress.</p>
        </div>
        <Button asChild variant="outline">
          <Link to="/sites/new">
            <Plus aria-hidden="true" />
            New site
          </Link>
        </Button>
      </header>
      <Routes>
        <Route index element={<SiteList />} />
        <Route path="new" element={<NewSite />} />
        <Route path=":id" element={<SiteView />} />
      </Routes>
    </div>
  );
}
