import { Layers } from "lucide-react";
import { useState } from "react";
import { Link, Route, Routes } from "react-router";

import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { LoadingRows } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatNumber, formatRelative } from "@/lib/format";

import { JOBS_PAGE, useJobs } from "../api/bulk";
import { JobView } from "./job-view";
import { NewJob } from "./new-job";
import { StateBadge } from "./status";

function JobList() {
  const [offset, setOffset] = useState(0);
  const jobs = useJobs(offset);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Jobs</CardTitle>
      </CardHeader>
      <CardContent>
        {jobs.isPending ? (
          <LoadingRows rows={3} label="Loading jobs" />
        ) : jobs.isError ? (
          <ErrorState error={jobs.error} title="Could not load the jobs" onRetry={() => void jobs.refetch()} />
        ) : jobs.data.items.length === 0 ? (
          <EmptyState icon={Layers} title="No bulk job yet">
            Upload a file above: each row becomes a product description or an article.
          </EmptyState>
        ) : (
          <div className="grid gap-3">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>File</TableHead>
                  <TableHead>Kind</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead className="text-end">Done</TableHead>
                  <TableHead className="text-end">Failed</TableHead>
                  <TableHead>Created</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {jobs.data.items.map((job) => (
                  <TableRow key={job.id}>
                    <TableCell>
                      <Link to={`/bulk/${job.id}`} className="font-medium underline-offset-4 hover:underline focus-visible:underline">
                        {job.source ?? `Job ${job.id.slice(0, 8)}`}
                      </Link>
                    </TableCell>
                    <TableCell>{job.kind === "product" ? "Products" : "Articles"}</TableCell>
                    <TableCell>
                      <StateBadge state={job.status} />
                    </TableCell>
                    <TableCell className="text-end tabular-nums">
                      {formatNumber(job.total - job.remaining)} / {formatNumber(job.total)}
                    </TableCell>
                    <TableCell className="text-end tabular-nums">{formatNumber(job.failed)}</TableCell>
                    <TableCell>
                      <time dateTime={job.created_at}>{formatRelative(job.created_at)}</time>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {jobs.data.total > JOBS_PAGE ? (
              <nav aria-label="Job pages" className="flex justify-end gap-2">
                <Button variant="outline" size="sm" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - JOBS_PAGE))}>
                  Previous
                </Button>
                <Button
                  variant="outline"
                  size="sm"
                  disabled={jobs.data.next_offset === null}
                  onClick={() => setOffset(jobs.data.next_offset ?? offset)}
                >
                  Next
                </Button>
              </nav>
            ) : null}
          </div>
        )}
      </CardContent>
    </Card>
  );
}

function BulkHome() {
  return (
    <div className="grid gap-4">
      <div>
        <h1 className="text-2xl font-semibold">Bulk Generator</h1>
        <p className="text-sm text-muted-foreground">Many products or articles from one spreadsheet, with every row checked before anything is spent.</p>
      </div>
      <NewJob />
      <JobList />
    </div>
  );
}

/** /bulk (a new job and the job list) and /bulk/:id (one job, live). */
export default function BulkScreen() {
  return (
    <Routes>
      <Route index element={<BulkHome />} />
      <Route path=":id" element={<JobView />} />
    </Routes>
  );
}
