import { FilePlus2 } from "lucide-react";
import { Suspense, useState } from "react";
import { useSearchParams } from "react-router";

import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

import { BriefForm } from "./brief-form";
import { runSection } from "./run-section-loader";

const RunSection = runSection.Component;

/** Someone filling in the brief is about to start a run: fetch its code meanwhile (once). */
function preloadRunSection(): void {
  void runSection.preload().catch(() => undefined); // a failure shows when the section renders
}

/** Where the run will show while its code arrives; the shape of the run card's first state. */
function RunFallback() {
  return (
    <Card aria-busy="true">
      <CardHeader>
        <CardTitle>Opening the run</CardTitle>
        <CardDescription>Its progress, then the article, show here.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-2" role="status" aria-live="polite">
        <span className="sr-only">Loading…</span>
        <Skeleton className="h-2 w-full" />
        <Skeleton className="h-6 w-2/3" />
        <Skeleton className="h-6 w-1/2" />
      </CardContent>
    </Card>
  );
}

/** The Content Studio: a brief, the run live, then the article with its SEO panel. */
export default function StudioScreen() {
  const [params, setParams] = useSearchParams();
  const executionId = params.get("run");
  const documentId = params.get("doc");
  // Following again after a regenerate or resume: a new stream from a fresh component.
  const [round, setRound] = useState(0);

  return (
    <div className="mx-auto grid max-w-7xl gap-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Content Studio</h1>
          <p className="text-sm text-muted-foreground">Brief an SEO article, watch it being written, check and edit it, then publish it.</p>
        </div>
        {executionId ? (
          <Button variant="outline" onClick={() => setParams({})}>
            <FilePlus2 aria-hidden="true" />
            New article
          </Button>
        ) : null}
      </header>
      {executionId && documentId ? (
        <Suspense fallback={<RunFallback />}>
          <RunSection
            key={`${executionId}-${String(round)}`}
            executionId={executionId}
            documentId={documentId}
            onRestarted={() => setRound((value) => value + 1)}
          />
        </Suspense>
      ) : (
        <Card onFocusCapture={preloadRunSection}>
          <CardHeader>
            <CardTitle>Article brief</CardTitle>
            <CardDescription>The article meets every rule of the SEO contract before you see it.</CardDescription>
          </CardHeader>
          <CardContent>
            <BriefForm onStarted={(run) => setParams({ run: run.executionId, doc: run.documentId })} />
          </CardContent>
        </Card>
      )}
    </div>
  );
}
