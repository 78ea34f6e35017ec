import { FilePlus2, Loader2, Play } from "lucide-react";
import { useState } from "react";
import { useSearchParams } from "react-router";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { errorMessage } from "@/lib/problems";
import { useRun } from "@/lib/run";
import { ExportCard, type ExportChoice } from "@/components/generation/export-card";
import { RegenerateCard } from "@/components/generation/regenerate-card";
import { RunProgress } from "@/components/generation/run-progress";
import { useDocument, useVersionBody } from "@/lib/documents";

import { useResume, type ProductCopy, type RunStatus, type StartedRun } from "../api/products";
import { PRODUCT_NODES, REGENERABLE } from "../lib/nodes";
import { CopyWorkspace } from "./copy-workspace";
import { FactsForm } from "./facts-form";
import { StorePicker, type StoreTarget } from "./store-picker";
import { WriteBackCard } from "./write-back-card";

// What product copy is downloaded as: the data itself, a page, and text for any editor.
// (The export endpoint also renders Gutenberg blocks, which a product description does not use.)
const DOWNLOADS: readonly ExportChoice[] = [
  { format: "json", label: "JSON" },
  { format: "html", label: "HTML page" },
  { format: "md", label: "Markdown" },
];

interface RunProps {
  executionId: string;
  documentId: string;
  target: StoreTarget | null;
  onRestarted: () => void;
}

/** The finished copy of a run: its saved version, the editor and SEO panel, and the actions. */
function CopyResult({ executionId, documentId, target, status, onRestarted }: RunProps & { status: RunStatus }) {
  const document = useDocument(documentId);
  const version = document.data && document.data.current_version > 0 ? document.data.current_version : undefined;
  const body = useVersionBody(documentId, version);
  const [dirty, setDirty] = useState(false);

  if (document.isError) return <ErrorState error={document.error} title="The copy could not be loaded" onRetry={() => void document.refetch()} />;
  if (body.isError) return <ErrorState error={body.error} title="The copy could not be loaded" onRetry={() => void body.refetch()} />;
  if (!document.data || !body.data?.body || version === undefined) {
    return (
      <div role="status" className="grid gap-4 lg:grid-cols-[3fr_2fr]">
        <span className="sr-only">Loading the copy…</span>
        <Skeleton className="h-96 w-full" />
        <Skeleton className="h-96 w-full" />
      </div>
    );
  }
  const copy = body.data.body as unknown as ProductCopy;
  return (
    <div className="grid gap-4">
      <CopyWorkspace key={version} document={document.data} copy={copy} version={version} onDraftChange={setDirty} />
      <div className="grid gap-4 lg:grid-cols-3">
        <WriteBackCard copy={copy} version={version} dirty={dirty} target={target} />
        <ExportCard document={document.data} formats={DOWNLOADS} dirty={dirty} />
        <RegenerateCard
          executionId={executionId}
          status={status}
          nodes={REGENERABLE}
          dirty={dirty}
          onRestarted={onRestarted}
          description="Write the copy again from the same facts; it is checked like the first, and becomes a new version."
        />
      </div>
    </div>
  );
}

/** A run followed live until it settles, then its copy (or why it has none). */
function RunSection({ executionId, documentId, target, onRestarted }: RunProps) {
  const run = useRun(executionId);
  const resume = useResume(executionId);
  if (run.error) return <ErrorState error={run.error} title="This run could not be followed" />;
  if (run.settled && run.status?.status === "completed") {
    return <CopyResult executionId={executionId} documentId={documentId} target={target} status={run.status} onRestarted={onRestarted} />;
  }
  const failed = run.settled && run.status !== undefined;
  return (
    <Card aria-busy={!failed}>
      <CardHeader>
        <CardTitle>{failed ? "The copy was not finished" : "Writing the product copy"}</CardTitle>
        <CardDescription>{failed ? "Every finished step is kept: resume continues from the first unfinished one." : "Each step shows here as it runs."}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <RunProgress status={run.status} stale={run.stale} labels={PRODUCT_NODES} />
        {failed ? (
          <Alert variant="destructive">
            <AlertTitle>Run {run.status?.status}</AlertTitle>
            <AlertDescription>
              <p>{run.status?.error ?? "The run stopped before the copy was complete."}</p>
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

/** The Product Writer: facts (typed, or read from a store), the run live, the copy, the write-back. */
export default function ProductScreen() {
  const [params, setParams] = useSearchParams();
  const executionId = params.get("run");
  const documentId = params.get("doc");
  const storeId = params.get("store");
  const productId = Number(params.get("product"));
  const target = storeId && Number.isInteger(productId) && productId > 0 ? { storeId, productId } : null;
  // Following again after a regenerate or resume: a new stream from a fresh component.
  const [round, setRound] = useState(0);

  const started = (run: StartedRun, from?: StoreTarget) =>
    setParams({
      run: run.executionId,
      doc: run.documentId,
      ...(from ? { store: from.storeId, product: String(from.productId) } : {}),
    });

  return (
    <div className="mx-auto grid max-w-7xl gap-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Product Writer</h1>
          <p className="text-sm text-muted-foreground">Product copy that meets the SEO contract, from your facts or from a WooCommerce product.</p>
        </div>
        {executionId ? (
          <Button variant="outline" onClick={() => setParams({})}>
            <FilePlus2 aria-hidden="true" />
            New product copy
          </Button>
        ) : null}
      </header>
      {executionId && documentId ? (
        <RunSection
          key={`${executionId}-${String(round)}`}
          executionId={executionId}
          documentId={documentId}
          target={target}
          onRestarted={() => setRound((value) => value + 1)}
        />
      ) : (
        <Card>
          <CardHeader>
            <CardTitle>What to write about</CardTitle>
            <CardDescription>Type the facts, or pick a product of a connected store.</CardDescription>
          </CardHeader>
          <CardContent>
            <Tabs defaultValue="facts">
              <TabsList aria-label="Source of the facts">
                <TabsTrigger value="facts">Facts</TabsTrigger>
                <TabsTrigger value="store">From a store</TabsTrigger>
              </TabsList>
              <TabsContent value="facts">
                <FactsForm onStarted={(run) => started(run)} />
              </TabsContent>
              <TabsContent value="store">
                <StorePicker onStarted={started} />
              </TabsContent>
            </Tabs>
          </CardContent>
        </Card>
      )}
    </div>
  );
}
