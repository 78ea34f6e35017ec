import { ArrowLeft, Ban, Download, ExternalLink, FileQuestion, RotateCcw } from "lucide-react";
import { useState } from "react";
import { Link, useParams } from "react-router";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Progress } from "@/components/ui/progress";
import { LoadingRows, Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { formatDateTime, formatDuration, formatNumber, formatRelative } from "@/lib/format";
import { ApiProblem, errorMessage } from "@/lib/problems";
import { useOnce } from "@/lib/use-once";

import {
  downloadReport,
  fetchReport,
  isFinished,
  ITEMS_PAGE,
  useCancel,
  useItems,
  useJob,
  useRetry,
  type BulkProgress,
  type ItemFilter,
} from "../api/bulk";
import { StateBadge } from "./status";

// Each group of items, and how many the job's progress counts in it.
const FILTERS: { value: ItemFilter; label: string; count: (job: BulkProgress) => number }[] = [
  { value: "all", label: "All", count: (job) => job.total },
  { value: "active", label: "In progress", count: (job) => job.remaining },
  { value: "done", label: "Succeeded", count: (job) => job.succeeded },
  { value: "failed", label: "Failed", count: (job) => job.failed },
];

function BackLink() {
  return (
    <Button asChild variant="ghost" size="sm" className="w-fit">
      <Link to="/bulk">
        <ArrowLeft aria-hidden="true" />
        Bulk Generator
      </Link>
    </Button>
  );
}

export function JobView() {
  const { id = "" } = useParams();
  const job = useJob(id);

  if (job.isPending) {
    return (
      <div className="grid gap-4" role="status" aria-live="polite">
        <span className="sr-only">Loading the job…</span>
        <Skeleton className="h-8 w-1/2" />
        <Skeleton className="h-24 w-full" />
        <Skeleton className="h-64 w-full" />
      </div>
    );
  }
  if (job.isError) {
    const missing = job.error instanceof ApiProblem && (job.error.status === 404 || job.error.status === 422);
    return (
      <div className="grid gap-4">
        <h1 className="sr-only">Bulk job</h1>
        <BackLink />
        {missing ? (
          <EmptyState icon={FileQuestion} title="No such bulk job">
            It belongs to another workspace, or the address is mistyped.
          </EmptyState>
        ) : (
          <ErrorState error={job.error} title="Could not load the job" onRetry={() => void job.refetch()} />
        )}
      </div>
    );
  }
  return <LoadedJob job={job.data} stale={job.isRefetchError} />;
}

function LoadedJob({ job, stale }: { job: BulkProgress; stale: boolean }) {
  const finished = isFinished(job);
  const done = job.total - job.remaining;
  const percent = job.total > 0 ? Math.round((done / job.total) * 100) : 0;

  return (
    <div className="grid gap-4">
      <BackLink />
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div className="grid gap-1">
          <h1 className="text-2xl font-semibold">{job.source ?? "Bulk job"}</h1>
          <div className="flex flex-wrap items-center gap-2 text-sm text-muted-foreground">
            <StateBadge state={job.status} />
            <span>{job.kind === "product" ? "Product copy" : "Articles"}</span>
            <span aria-hidden="true">·</span>
            <span>{job.model}</span>
            <span aria-hidden="true">·</span>
            <span>
              started <time dateTime={job.started_at ?? job.created_at}>{formatRelative(job.started_at ?? job.created_at)}</time>
            </span>
            {job.publish_site ? <span>· publishing to {job.publish_site}</span> : null}
            {job.publish_store ? <span>· writing back to {job.publish_store}</span> : null}
          </div>
        </div>
        <JobActions job={job} />
      </header>

      {stale ? (
        <Alert variant="warning">
          <AlertTitle>Progress may be out of date</AlertTitle>
          <AlertDescription>The server did not answer the last check; this page keeps trying.</AlertDescription>
        </Alert>
      ) : null}
      {!finished && !job.driven ? (
        <Alert variant="warning">
          <AlertTitle>Waiting for a worker</AlertTitle>
          <AlertDescription>
            No process drives this job right now. A running <code>presswright serve</code> or <code>presswright worker</code> takes it up within seconds.
          </AlertDescription>
        </Alert>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle>Progress</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-3">
          <Progress value={percent} aria-label={`${percent}% of the items finished`} />
          <p className="text-sm" aria-live="polite">
            {formatNumber(done)} of {formatNumber(job.total)} finished ({percent}%): {formatNumber(job.succeeded)} succeeded
            {job.reused > 0 ? ` (${formatNumber(job.reused)} reused)` : ""}, {formatNumber(job.failed)} failed
            {job.cancelled > 0 ? ` (${formatNumber(job.cancelled)} cancelled)` : ""}, {formatNumber(job.remaining)} to go.
          </p>
          <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
            <div>
              <dt className="text-muted-foreground">Pace</dt>
              <dd className="font-medium tabular-nums">
                {job.rate_per_minute == null ? "–" : `${job.rate_per_minute.toFixed(job.rate_per_minute < 10 ? 1 : 0)} items/min`}
              </dd>
            </div>
            <div>
              <dt className="text-muted-foreground">Time left</dt>
              <dd className="font-medium tabular-nums">
                {finished ? "–" : job.eta_seconds == null ? "estimating…" : `about ${formatDuration(job.eta_seconds * 1000)}`}
              </dd>
            </div>
            <div>
              <dt className="text-muted-foreground">Created</dt>
              <dd className="font-medium">{formatDateTime(job.created_at)}</dd>
            </div>
            <div>
              <dt className="text-muted-foreground">Finished</dt>
              <dd className="font-medium">{job.finished_at ? formatDateTime(job.finished_at) : "not yet"}</dd>
            </div>
          </dl>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Items</CardTitle>
        </CardHeader>
        <CardContent>
          <ItemTable job={job} />
        </CardContent>
      </Card>
    </div>
  );
}

function JobActions({ job }: { job: BulkProgress }) {
  const retry = useRetry(job.id);
  const [downloading, setDownloading] = useState(false);
  const cancel = useCancel(job.id);
  const once = useOnce();
  const [confirming, setConfirming] = useState(false);
  const finished = isFinished(job);
  return (
    <div className="flex flex-wrap gap-2">
      <Button
        variant="outline"
        disabled={downloading}
        onClick={() => {
          setDownloading(true);
          fetchReport(job.id)
            .then((text) => downloadReport(job.id, text))
            .catch((error: unknown) => toast({ title: "Could not download the report", description: errorMessage(error), variant: "destructive" }))
            .finally(() => setDownloading(false));
        }}
      >
        <Download aria-hidden="true" />
        {downloading ? "Downloading…" : "Download report"}
      </Button>
      {finished && job.failed > 0 ? (
        <Button
          disabled={retry.isPending}
          onClick={() =>
            once((done) =>
              retry.mutate(undefined, {
                onSuccess: () => toast({ title: "Retrying the failed items", variant: "success" }),
                onError: (error) => toast({ title: "Not retried", description: errorMessage(error), variant: "destructive" }),
                onSettled: done,
              }),
            )
          }
        >
          <RotateCcw aria-hidden="true" />
          {retry.isPending ? "Retrying…" : `Retry ${formatNumber(job.failed)} failed`}
        </Button>
      ) : null}
      {!finished ? (
        <Dialog
          open={confirming}
          onOpenChange={(open) => {
            setConfirming(open);
            if (!open) cancel.reset();
          }}
        >
          <DialogTrigger asChild>
            <Button variant="destructive">
              <Ban aria-hidden="true" />
              Cancel job
            </Button>
          </DialogTrigger>
          <DialogContent>
            <DialogHeader>
              <DialogTitle>Cancel this job?</DialogTitle>
              <DialogDescription>
                Queued items never start and running ones are stopped. The {formatNumber(job.succeeded)} finished items keep their content, and
                you can retry the rest later.
              </DialogDescription>
            </DialogHeader>
            {cancel.isError ? (
              <Alert variant="destructive">
                <AlertTitle>Not cancelled</AlertTitle>
                <AlertDescription>{errorMessage(cancel.error)}</AlertDescription>
              </Alert>
            ) : null}
            <DialogFooter>
              <DialogClose asChild>
                <Button variant="outline">Keep running</Button>
              </DialogClose>
              <Button
                variant="destructive"
                disabled={cancel.isPending}
                onClick={() =>
                  once((done) =>
                    cancel.mutate(undefined, {
                      onSuccess: () => {
                        setConfirming(false);
                        toast({ title: "Job cancelled" });
                      },
                      onSettled: done,
                    }),
                  )
                }
              >
                {cancel.isPending ? "Cancelling…" : "Cancel the job"}
              </Button>
            </DialogFooter>
          </DialogContent>
        </Dialog>
      ) : null}
    </div>
  );
}

function ItemTable({ job }: { job: BulkProgress }) {
  const [filter, setFilter] = useState<ItemFilter>("all");
  const [page, setPage] = useState(0);
  const items = useItems(job, filter, page);
  const publishes = Boolean(job.publish_site ?? job.publish_store);

  if (job.total === 0) return <EmptyState title="No items yet">The job's items appear here as soon as it is queued.</EmptyState>;
  const total = items.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / ITEMS_PAGE));
  const current = Math.min(page, pages - 1);
  const shown = items.data?.items ?? [];
  return (
    <div className="grid gap-3">
      <div role="group" aria-label="Show items" className="flex flex-wrap gap-1">
        {FILTERS.map((entry) => (
          <Button
            key={entry.value}
            size="sm"
            variant={filter === entry.value ? "secondary" : "ghost"}
            aria-pressed={filter === entry.value}
            onClick={() => {
              setFilter(entry.value);
              setPage(0);
            }}
          >
            {entry.label} ({formatNumber(entry.count(job))})
          </Button>
        ))}
      </div>
      {items.isPending ? (
        <LoadingRows rows={5} label="Loading the items" />
      ) : items.isError ? (
        <ErrorState error={items.error} title="Could not load the items" onRetry={() => void items.refetch()} />
      ) : shown.length === 0 ? (
        <p className="text-sm text-muted-foreground">No item in this group.</p>
      ) : (
        <Table aria-busy={items.isFetching ? true : undefined}>
          <TableCaption>
            Items {formatNumber(current * ITEMS_PAGE + 1)}–{formatNumber(current * ITEMS_PAGE + shown.length)} of {formatNumber(total)}
          </TableCaption>
          <TableHeader>
            <TableRow>
              <TableHead className="text-end">Row</TableHead>
              <TableHead>Item</TableHead>
              <TableHead>Status</TableHead>
              <TableHead>Document</TableHead>
              {publishes ? <TableHead>Published</TableHead> : null}
              <TableHead>Error</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {shown.map((item) => (
              <TableRow key={item.row}>
                <TableCell className="text-end tabular-nums">{item.row}</TableCell>
                <TableCell className="max-w-56 truncate">{item.label}</TableCell>
                <TableCell>
                  <StateBadge state={item.status} />
                </TableCell>
                <TableCell className="max-w-64 truncate">
                  {item.document_id ? (
                    <Link to={`/library/${encodeURIComponent(item.document_id)}`} className="underline underline-offset-4">
                      {item.title ?? "Open the document"}
                    </Link>
                  ) : (
                    <span className="text-muted-foreground">–</span>
                  )}
                </TableCell>
                {publishes ? (
                  <TableCell>
                    {item.published_url ? (
                      <a href={item.published_url} target="_blank" rel="noopener noreferrer" className="inline-flex items-center gap-1 underline underline-offset-4">
                        {job.publish_store ? `Product ${item.product_id ?? ""}`.trim() : "Post"}
                        <ExternalLink aria-hidden="true" className="size-3" />
                        <span className="sr-only">(opens in a new tab)</span>
                      </a>
                    ) : (
                      <span className="text-muted-foreground">–</span>
                    )}
                  </TableCell>
                ) : null}
                <TableCell className="max-w-80 whitespace-normal break-words text-sm text-destructive">{item.error}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {pages > 1 ? (
        <nav aria-label="Item pages" className="flex items-center justify-end gap-2 text-sm">
          <Button variant="outline" size="sm" disabled={current === 0} onClick={() => setPage(current - 1)}>
            Previous
          </Button>
          <span>
            Page {current + 1} of {pages}
          </span>
          <Button variant="outline" size="sm" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
            Next
          </Button>
        </nav>
      ) : null}
    </div>
  );
}
