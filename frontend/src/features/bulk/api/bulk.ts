import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, authFetch, unwrap, API_BASE } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";
import { ApiProblem, toProblem } from "@/lib/problems";

import { readCsvRecords } from "../lib/source";

export type BulkProgress = components["schemas"]["BulkProgress"];
export type ModelInfo = components["schemas"]["ModelInfo"];

export const bulkKeys = {
  all: ["bulk"] as const,
  list: (offset: number) => ["bulk", "list", offset] as const,
  job: (id: string) => ["bulk", "job", id] as const,
  report: (id: string, progress: string) => ["bulk", "report", id, progress] as const,
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

/** One line of a job's report (the CSV of GET /bulk/{id}/report). */
export interface ReportLine {
  row: number;
  label: string;
  status: "queued" | "running" | "publishing" | "succeeded" | "reused" | "failed" | "cancelled";
  error: string;
  executionId: string;
  title: string;
  slug: string;
  postUrl: string;
  productId: string;
  productUrl: string;
}

const STATUSES = new Set(["queued", "running", "publishing", "succeeded", "reused", "failed", "cancelled"]);

export function parseReport(text: string): ReportLine[] {
  const records = readCsvRecords(text, ",");
  const header = records[0]?.cells ?? [];
  const at = (name: string) => header.indexOf(name);
  const columns = {
    row: at("row"),
    label: at("label"),
    status: at("status"),
    error: at("error"),
    executionId: at("execution_id"),
    title: at("title"),
    slug: at("slug"),
    postUrl: at("post_url"),
    productId: at("product_id"),
    productUrl: at("product_url"),
  };
  const cell = (cells: string[], index: number) => (index < 0 ? "" : (cells[index] ?? ""));
  return records.slice(1).map(({ cells }) => {
    const status = cell(cells, columns.status);
    return {
      row: Number(cell(cells, columns.row)),
      label: cell(cells, columns.label),
      status: (STATUSES.has(status) ? status : "queued") as ReportLine["status"],
      error: cell(cells, columns.error),
      executionId: cell(cells, columns.executionId),
      title: cell(cells, columns.title),
      slug: cell(cells, columns.slug),
      postUrl: cell(cells, columns.postUrl),
      productId: cell(cells, columns.productId),
      productUrl: cell(cells, columns.productUrl),
    };
  });
}

export async function fetchReport(id: string, signal?: AbortSignal): Promise<{ text: string; lines: ReportLine[] }> {
  const response = await authFetch(`${API_BASE}/bulk/${encodeURIComponent(id)}/report`, { signal, headers: { Accept: "text/csv" } });
  if (!response.ok) {
    let body: unknown = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    throw new ApiProblem(response.status, toProblem(body, response.status));
  }
  const text = await response.text();
  return { text, lines: parseReport(text) };
}

/**
 * The items of a job, from its report: read again whenever the job's counts or state change
 * (so the last read follows the job's end), and every few seconds while it runs.
 */
export function useReport(job: BulkProgress) {
  const running = !isFinished(job);
  const progress = `${job.status}:${job.succeeded}:${job.failed}:${job.remaining}`;
  return useQuery({
    queryKey: bulkKeys.report(job.id, progress),
    queryFn: ({ signal }) => fetchReport(job.id, signal),
    placeholderData: keepPreviousData,
    refetchInterval: running ? 3000 : false,
  });
}

export function downloadReport(id: string, text: string): void {
  const href = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = href;
  link.download = `bulk-${id}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
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

/** Upload the file with its options (multipart): 202 with the job, or 422 naming every bad row. */
export function useSubmit() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (submission: Submission): Promise<BulkProgress> => {
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
      const response = await authFetch(`${API_BASE}/bulk`, { method: "POST", body: form, headers: { Accept: "application/json" } });
      let body: unknown = null;
      try {
        body = await response.json();
      } catch {
        body = null;
      }
      if (!response.ok) throw new ApiProblem(response.status, toProblem(body, response.status));
      return body as BulkProgress;
    },
    onSuccess: (job) => {
      client.setQueryData(bulkKeys.job(job.id), job);
      void client.invalidateQueries({ queryKey: bulkKeys.all });
    },
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

export function useBrandProfiles() {
  return useQuery({
    queryKey: ["brand-profiles"],
    queryFn: ({ signal }) => unwrap(api.GET("/brand-profiles", { signal })),
    staleTime: 60_000,
  });
}
