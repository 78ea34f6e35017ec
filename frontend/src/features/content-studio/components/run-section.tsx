import { useState } from "react";

import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { RunCard } from "@/components/generation/run-card";
import { useDocument, useVersionBody } from "@/lib/documents";

import { type Article, type RunStatus } from "../api/studio";
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

const ARTICLE_RUN = {
  running: "Writing your article",
  failed: "The article was not finished",
  noReason: "The run stopped before the article was complete.",
};

/** A run followed live until it settles, then its article (or why it has none). */
export default function RunSection({ executionId, documentId, onRestarted }: { executionId: string; documentId: string; onRestarted: () => void }) {
  return (
    <RunCard executionId={executionId} labels={ARTICLE_NODES} wording={ARTICLE_RUN} onRestarted={onRestarted}>
      {(status) => <ArticleResult documentId={documentId} executionId={executionId} status={status} onRestarted={onRestarted} />}
    </RunCard>
  );
}
