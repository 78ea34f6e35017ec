import { FilePlus2 } from "lucide-react";
import { useState } from "react";
import { useSearchParams } from "react-router";

import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { ExportCard, type ExportChoice } from "@/components/generation/export-card";
import { RegenerateCard } from "@/components/generation/regenerate-card";
import { RunCard } from "@/components/generation/run-card";
import { useDocument, useVersionBody } from "@/lib/documents";

import { type ProductCopy, type RunStatus, type StartedRun } from "../api/products";
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

const COPY_RUN = {
  running: "Writing the product copy",
  failed: "The copy was not finished",
  noReason: "The run stopped before the copy was complete.",
};

/** A run followed live until it settles, then its copy (or why it has none). */
function RunSection({ executionId, documentId, target, onRestarted }: RunProps) {
  return (
    <RunCard executionId={executionId} labels={PRODUCT_NODES} wording={COPY_RUN} onRestarted={onRestarted}>
      {(status) => <CopyResult executionId={executionId} documentId={documentId} target={target} status={status} onRestarted={onRestarted} />}
    </RunCard>
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
