import { FilePlus2 } from "lucide-react";
import { useState } from "react";
import { useSearchParams } from "react-router";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { useRun } from "@/lib/run";
import { RunProgress } from "@/components/generation/run-progress";
import { useDocument, useVersionBody } from "@/lib/documents";

import type { ProductCopy, StartedRun } from "../api/products";
import { PRODUCT_NODES } from "../lib/contract";
import { CopyWorkspace } from "./copy-workspace";
import { FactsForm } from "./facts-form";
import { StorePicker, type StoreTarget } from "./store-picker";
import { WriteBackCard } from "./write-back-card";

function CopyResult({ documentId, target }: { documentId: string; target: StoreTarget | null }) {
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
      <WriteBackCard copy={copy} version={version} dirty={dirty} target={target} />
    </div>
  );
}

function RunSection({ executionId, documentId, target }: { executionId: string; documentId: string; target: StoreTarget | null }) {
  const run = useRun(executionId);
  if (run.error) return <ErrorState error={run.error} title="This run could not be followed" />;
  if (run.settled && run.status?.status === "completed") return <CopyResult documentId={documentId} target={target} />;
  const failed = run.settled && run.status !== undefined;
  return (
    <Card aria-busy={!failed}>
      <CardHeader>
        <CardTitle>{failed ? "The copy was not finished" : "Writing the product copy"}</CardTitle>
      </CardHeader>
      <CardContent className="grid gap-4">
        <RunProgress status={run.status} stale={run.stale} labels={PRODUCT_NODES} />
        {failed ? (
          <Alert variant="destructive">
            <AlertTitle>Run {run.status?.status}</AlertTitle>
            <AlertDescription>
              <p>{run.status?.error ?? "The run stopped before the copy was complete."}</p>
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
        <RunSection key={executionId} executionId={executionId} documentId={documentId} target={target} />
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
