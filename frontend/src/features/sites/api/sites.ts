import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, API_BASE, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";
import { downloadWithAuth } from "@/lib/download";

export type SiteCreate = components["schemas"]["SiteCreate"];
export type SitePublic = components["schemas"]["SitePublic"];
export type SitePagePublic = components["schemas"]["SitePagePublic"];
export type SiteStarted = components["schemas"]["SiteStarted"];
export type JobStatus = components["schemas"]["JobStatus"];
export type DeployResult = components["schemas"]["DeployResult"];
export type PageEdit = components["schemas"]["PageEdit"];

/** A job's states after which it changes no more until someone acts (a pause waits for a person). */
export const JOB_SETTLED: ReadonlySet<string> = new Set(["completed", "failed", "cancelled", "paused"]);
const JOB_POLL_MS = 800;

export const siteKeys = {
  all: ["sites"] as const,
  list: ["sites", "list"] as const,
  one: (id: string) => ["sites", "one", id] as const,
  version: (id: string, version: number) => ["sites", "version", id, version] as const,
  job: (id: string) => ["sites", "job", id] as const,
};

/** The workspace's sites, newest first; read again while one of them is being generated. */
export function useSites() {
  return useQuery({
    queryKey: siteKeys.list,
    queryFn: ({ signal }) => unwrap(api.GET("/sites", { signal, params: { query: { limit: 100 } } })),
  });
}

/** One site: status, plan, design and plugins. */
export function useSite(id: string) {
  return useQuery({
    queryKey: siteKeys.one(id),
    queryFn: ({ signal }) => unwrap(api.GET("/sites/{site_document_id}", { signal, params: { path: { site_document_id: id } } })),
  });
}

/** A stored version of a site: every page with its block markup (the library's version body). */
export interface SiteVersionPage {
  index: number;
  title: string;
  slug: string;
  markup: string;
  /** The page's sections as blocks (what a text edit changes). */
  spec?: { blocks?: unknown[] } & Record<string, unknown>;
}

export function useSiteVersion(id: string, version: number) {
  return useQuery({
    queryKey: siteKeys.version(id, version),
    enabled: version > 0,
    staleTime: Infinity,
    queryFn: async ({ signal }) => {
      const found = await unwrap(
        api.GET("/documents/{document_id}/versions/{version}", { signal, params: { path: { document_id: id, version } } }),
      );
      const pages = (found.body as { pages?: unknown } | null)?.pages;
      return Array.isArray(pages) ? (pages as SiteVersionPage[]) : [];
    },
  });
}

/** A job followed until it settles: status, progress 0-100, the current step and its log lines. */
export function useJob(jobId: string | null | undefined) {
  return useQuery({
    queryKey: siteKeys.job(jobId ?? ""),
    enabled: Boolean(jobId),
    queryFn: ({ signal }) => unwrap(api.GET("/jobs/{job_id}", { signal, params: { path: { job_id: jobId ?? "" } } })),
    refetchInterval: (query) => (query.state.data && JOB_SETTLED.has(query.state.data.status) ? false : JOB_POLL_MS),
  });
}

/** Start a site from the wizard's answers (202 with the job to follow). */
export function useGenerateSite() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (brief: SiteCreate) => unwrap(api.POST("/sites/generate", { body: brief })),
    onSuccess: () => void client.invalidateQueries({ queryKey: siteKeys.list }),
  });
}

/** Write one page again (by slug); every other page, the plan and the design are kept. */
export function useRegeneratePage(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (slug: string) =>
      unwrap(api.POST("/sites/{site_document_id}/pages/{page}/regenerate", { params: { path: { site_document_id: id, page: slug } } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: siteKeys.all }),
  });
}

/** Edit one page's text before deploy: the site's next version (409 when the version moved on, 422 naming a field). */
export function useEditPage(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ slug, edit }: { slug: string; edit: PageEdit }) =>
      unwrap(api.PATCH("/sites/{site_document_id}/pages/{page}", { params: { path: { site_document_id: id, page: slug } }, body: edit })),
    onSuccess: () => void client.invalidateQueries({ queryKey: siteKeys.all }),
  });
}

/** Choose the palette and fonts again; the pages are kept. */
export function useRegenerateDesign(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/sites/{site_document_id}/design/regenerate", { params: { path: { site_document_id: id } } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: siteKeys.all }),
  });
}

/** The connected WordPress sites a site can be deployed to. */
export function useWordPressSites() {
  return useQuery({
    queryKey: ["wordpress", "sites"],
    queryFn: ({ signal }) => unwrap(api.GET("/wordpress/sites", { signal })),
  });
}

/** Start deploying to a connected WordPress (202 with the deploy job to follow with useJob: pages, menu, front page, global styles, plugins). */
export function useDeploySite(id: string) {
  return useMutation({
    mutationFn: (wordpress: string) =>
      unwrap(api.POST("/sites/{site_document_id}/deploy", { params: { path: { site_document_id: id } }, body: { wordpress } })),
  });
}

/** Download the site's block theme ZIP with the session; the file name it was saved as. */
export function downloadTheme(id: string): Promise<string> {
  return downloadWithAuth(`${API_BASE}/sites/${encodeURIComponent(id)}/theme`, "theme.zip");
}
