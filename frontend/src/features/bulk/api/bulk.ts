import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, authFetch, unwrap, API_BASE } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";
import { responseProblem, saveBlob } from "@/lib/download";
import { ApiProblem, toProblem } from "@/lib/problems";

export type BulkProgress = components["schemas"]["BulkProgress"];
export type ModelInfo = components["schemas"]["ModelInfo"];

export const bulkKeys = {
  all: ["bulk"] as const,
  fields: (kind: string, store: boolean, columns: readonly string[]) => ["bulk", "fields", kind, store, columns] as const,
  list: (offset: number) => ["bulk", "list", offset] as const,
  job: (id: string) => ["bulk", "job", id] as const,
  items: (id: string, filter: string, page: number, progress: string) => ["bulk", "items", id, filter, page, progress] as const,
  check: (key: string) => ["bulk", "check", key] as const,
};

export function isFinished(job: Pick<BulkProgress, "status">): boolean {
  return job.status === "completed" || job.status === "failed" || job.status === "cancelled";
}

export const JOBS_PAGE = 20;

export function useJobs(offset: number) {
  return useQuery({
    queryKey: bulkKeys.list(offset),
    queryFn: ({ signal }) => unwrap(api.GET("/bulk", { signal, params: { query: { limit: JOBS_PAGE, offset } } })),
    refetchInterval: (query) => (query.state.data?.items.some((job) => !isFinished(job)) ? 5000 : false),
  });
}

export function useJob(id: string) {
  return useQuery({
    queryKey: bulkKeys.job(id),
    queryFn: ({ signal }) => unwrap(api.GET("/bulk/{bulk_id}", { signal, params: { path: { bulk_id: id } } })),
    refetchInterval: (query) => (query.state.data && isFinished(query.state.data) ? false : 2000),
  });
}

export type BulkFields = components["schemas"]["BulkFields"];
export type BulkField = components["schemas"]["BulkField"];

/**
 * The fields a row of `kind` fills, and the server's first guess of the column holding each
 * of `columns` (GET /bulk/fields): its alias table and matching, not a copy of them.
 */
export function useBulkFields(kind: "product" | "article", store: boolean, columns: readonly string[] | null) {
  return useQuery({
    queryKey: bulkKeys.fields(kind, store, columns ?? []),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/bulk/fields", { signal, params: { query: { kind, store, column: columns ? [...columns] : [] } } })),
    enabled: columns !== null,
    staleTime: Infinity, // the same columns are matched the same way
  });
}

export type JobItem = components["schemas"]["JobItem"];
export type ItemStatus = JobItem["status"];
export type BulkDryRun = components["schemas"]["BulkDryRun"];

export type ItemFilter = "all" | "active" | "done" | "failed";

export const ITEM_FILTERS: Record<ItemFilter, ItemStatus[]> = {
  all: [],
  active: ["queued", "running", "publishing"],
  done: ["succeeded", "reused"],
  failed: ["failed", "cancelled"],
};

export const ITEMS_PAGE = 50;

/**
 * One page of a job's items (GET /bulk/{id}/items), read again whenever the job's counts or
 * state change (so the last read follows the job's end), and every few seconds while it runs.
 */
export function useItems(job: BulkProgress, filter: ItemFilter, page: number) {
  const running = !isFinished(job);
  const progress = `${job.status}:${job.succeeded}:${job.failed}:${job.remaining}`;
  return useQuery({
    queryKey: bulkKeys.items(job.id, filter, page, progress),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/bulk/{bulk_id}/items", {
          signal,
          params: {
            path: { bulk_id: job.id },
            query: { state: ITEM_FILTERS[filter], offset: page * ITEMS_PAGE, limit: ITEMS_PAGE },
          },
        }),
      ),
    placeholderData: keepPreviousData,
    refetchInterval: running ? 3000 : false,
  });
}

/** The report as CSV text, for the download (GET /bulk/{id}/report). */
export async function fetchReport(id: string, signal?: AbortSignal): Promise<string> {
  const response = await authFetch(`${API_BASE}/bulk/${encodeURIComponent(id)}/report`, { signal, headers: { Accept: "text/csv" } });
  if (!response.ok) throw await responseProblem(response);
  return response.text();
}

export function downloadReport(id: string, text: string): void {
  saveBlob(new Blob([text], { type: "text/csv;charset=utf-8" }), `bulk-${id}.csv`);
}

export function useRetry(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/bulk/{bulk_id}/retry", { params: { path: { bulk_id: id } } })),
    onSuccess: (job) => {
      client.setQueryData(bulkKeys.job(id), job);
      void client.invalidateQueries({ queryKey: bulkKeys.all });
    },
  });
}

export function useCancel(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/bulk/{bulk_id}/cancel", { params: { path: { bulk_id: id } } })),
    onSuccess: (job) => {
      client.setQueryData(bulkKeys.job(id), job);
      void client.invalidateQueries({ queryKey: bulkKeys.all });
    },
  });
}

export interface Submission {
  file: File;
  kind: "product" | "article";
  model: string;
  concurrency: number;
  listSeparator: string;
  map: string[];
  publishSite: string;
  publishStatus: "draft" | "publish";
  publishStore: string;
}

function submissionForm(submission: Submission): FormData {
  const form = new FormData();
  form.append("file", submission.file, submission.file.name);
  form.append("kind", submission.kind);
  if (submission.model) form.append("model", submission.model);
  form.append("concurrency", String(submission.concurrency));
  form.append("list_separator", submission.listSeparator);
  for (const entry of submission.map) form.append("map", entry);
  if (submission.kind === "article" && submission.publishSite) {
    form.append("publish_site", submission.publishSite);
    form.append("publish_status", submission.publishStatus);
  }
  if (submission.kind === "product" && submission.publishStore) form.append("publish_store", submission.publishStore);
  return form;
}

async function post(submission: Submission, dryRun: boolean, signal?: AbortSignal): Promise<unknown> {
  const url = dryRun ? `${API_BASE}/bulk?dry_run=true` : `${API_BASE}/bulk`;
  const response = await authFetch(url, { method: "POST", body: submissionForm(submission), headers: { Accept: "application/json" }, signal });
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) throw new ApiProblem(response.status, toProblem(body, response.status));
  return body;
}

/** Upload the file with its options (multipart): 202 with the job, or 422 naming every bad row. */
export function useSubmit() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (submission: Submission) => (await post(submission, false)) as BulkProgress,
    onSuccess: (job) => {
      client.setQueryData(bulkKeys.job(job.id), job);
      void client.invalidateQueries({ queryKey: bulkKeys.all });
    },
  });
}

/** What the server's checks said of a submission: how it understood it, or the problem that stops it. */
export type CheckOutcome = { ok: true; check: BulkDryRun } | { ok: false; problem: ApiProblem };

// A number per chosen file, so a query key tells two uploads of the same name apart.
const files = new WeakMap<File, number>();
let nextFile = 0;

function fileKey(file: File): number {
  let key = files.get(file);
  if (key === undefined) {
    nextFile += 1;
    key = nextFile;
    files.set(file, key);
  }
  return key;
}

/**
 * The server's dry run of a submission (POST /bulk?dry_run=true): every check the real
 * submission runs, nothing stored or started. A 4xx naming what is wrong is an outcome
 * (shown next to the rows and fields it names), not a failure of the query.
 */
export function useDryRun(submission: Submission | null) {
  const key = submission
    ? JSON.stringify({ ...submission, file: fileKey(submission.file) })
    : "none";
  return useQuery({
    queryKey: bulkKeys.check(key),
    enabled: submission !== null,
    queryFn: async ({ signal }): Promise<CheckOutcome> => {
      if (!submission) throw new Error("nothing to check");
      try {
        return { ok: true, check: (await post(submission, true, signal)) as BulkDryRun };
      } catch (error) {
        if (error instanceof ApiProblem && [400, 404, 413, 415, 422].includes(error.status)) return { ok: false, problem: error };
        throw error;
      }
    },
    // The last answer stays on screen while changed inputs are checked anew.
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    retry: false,
  });
}

export function useModels() {
  return useQuery({
    queryKey: ["models"],
    queryFn: ({ signal }) => unwrap(api.GET("/models", { signal })),
    staleTime: 60_000,
  });
}

export function useSites() {
  return useQuery({
    queryKey: ["wordpress", "sites"],
    queryFn: ({ signal }) => unwrap(api.GET("/wordpress/sites", { signal })),
    staleTime: 60_000,
  });
}

export function useStores() {
  return useQuery({
    queryKey: ["woocommerce", "stores"],
    queryFn: ({ signal }) => unwrap(api.GET("/woocommerce/stores", { signal })),
    staleTime: 60_000,
  });
}
