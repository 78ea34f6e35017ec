import { Loader2, Play } from "lucide-react";
import { useState } from "react";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { errorMessage } from "@/lib/problems";
import { useRun } from "@/lib/run";
import { RunProgress } from "@/components/generation/run-progress";
import { useDocument, useVersionBody } from "@/lib/documents";

import { useResume, type Article, type RunStatus } from "../api/studio";
import { ArticleWorkspace } from "./article-workspace";
import { ArticleExportCard, ArticleRegenerateCard, PublishCard } from "./article-actions";
import { ARTICLE_NODES } from "../lib/nodes";

// What the Content Studio shows once a run is started: its progress live, then the article with
// its editor, SEO panel and actions. Loaded lazily by studio-screen.tsx: a new brief needs none of it.

function ResultSkeleton({ label }: { label: string }) {
  return (
    <div role="status" aria-live="polite" className="grid gap-4 lg:grid-cols-[3fr_2fr]">
      <span className="sr-only">{label}…</span>
      <Skeleton className="h-[32rem] w-full" />
      <Skeleton className="h-[32rem] w-full" />
    </div>
  );
}

/** The finished article of a run: its saved version, the editor, the SEO panel, the actions. */
function ArticleResult({
  documentId,
  executionId,
  status,
  onRestarted,
}: {
  documentId: string;
  executionId: string;
  status: RunStatus;
  onRestarted: () => void;
}) {
  const document = useDocument(documentId);
  const version = document.data && document.data.current_version > 0 ? document.data.current_version : undefined;
  const body = useVersionBody(documentId, version);
  const [dirty, setDirty] = useState(false);

  if (document.isError) return <ErrorState error={document.error} title="The article could not be loaded" onRetry={() => void document.refetch()} />;
  if (body.isError) return <ErrorState error={body.error} title="The article could not be loaded" onRetry={() => void body.refetch()} />;
  if (!document.data || !body.data?.body || version === undefined) return <ResultSkeleton label="Loading the article" />;
  const article = body.data.body as unknown as Article;

  return (
    <div className="grid gap-4">
      <ArticleWorkspace key={version} document={document.data} article={article} version={version} onDirtyChange={setDirty} />
      <div className="grid gap-4 lg:grid-cols-3">
        <PublishCard document={document.data} dirty={dirty} />
        <ArticleExportCard document={document.data} dirty={dirty} />
        <ArticleRegenerateCard executionId={executionId} status={status} dirty={dirty} onRestarted={onRestarted} />
      </div>
    </div>
  );
}

/** A run followed live until it settles, then its article (or why it has none). */
export default function RunSection({ executionId, documentId, onRestarted }: { executionId: string; documentId: string; onRestarted: () => void }) {
  const run = useRun(executionId);
  const resume = useResume(executionId);

  if (run.error) return <ErrorState error={run.error} title="This run could not be followed" />;
  if (run.settled && run.status?.status === "completed") {
    return <ArticleResult documentId={documentId} executionId={executionId} status={run.status} onRestarted={onRestarted} />;
  }
  const failed = run.settled && run.status !== undefined;
  return (
    <Card aria-busy={!failed}>
      <CardHeader>
        <CardTitle>{failed ? "The article was not finished" : "Writing your article"}</CardTitle>
        <CardDescription>{failed ? "Every finished step is kept: resume continues from the first unfinished one." : "Each step shows here as it runs."}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <RunProgress status={run.status} stale={run.stale} labels={ARTICLE_NODES} />
        {failed ? (
          <Alert variant="destructive">
            <AlertTitle>Run {run.status?.status}</AlertTitle>
            <AlertDescription>
              <p>{run.status?.error ?? "The run stopped before the article was complete."}</p>
              {resume.isError ? <p>{errorMessage(resume.error)}</p> : null}
              <Button
                variant="outline"
                size="sm"
                className="mt-2"
                disabled={resume.isPending}
                onClick={() => resume.mutate(undefined, { onSuccess: onRestarted })}
              >
                {resume.isPending ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Play aria-hidden="true" />}
                Resume the run
              </Button>
            </AlertDescription>
          </Alert>
        ) : null}
      </CardContent>
    </Card>
  );
}
