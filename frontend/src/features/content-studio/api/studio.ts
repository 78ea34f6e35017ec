import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";
import { documentKeys } from "@/lib/documents";
import type { StartedRun } from "@/lib/run";
import { downloadWithAuth, exportUrl } from "@/lib/download";

export type { RunStatus, StartedRun } from "@/lib/run";

export type ArticleBrief = components["schemas"]["ArticleGenerate"];
export type Article = components["schemas"]["ContentData"];
export type DocumentPublic = components["schemas"]["DocumentPublic"];
export type PublishRequest = components["schemas"]["PublishRequest"];
export type PublishResult = components["schemas"]["PublishResult"];
export type ExportFormat = components["schemas"]["DocumentExportRequest"]["format"];
export type SiteLink = components["schemas"]["SiteLink"];

export const studioKeys = {
  sites: ["wordpress", "sites"] as const,
  links: (siteId: string) => ["wordpress", "links", siteId] as const,
};

export function useWordPressSites() {
  return useQuery({
    queryKey: studioKeys.sites,
    queryFn: ({ signal }) => unwrap(api.GET("/wordpress/sites", { signal })),
  });
}

/** A site's internal-link index: the pages an article may link to. */
export function useSiteLinks(siteId: string | null) {
  return useQuery({
    queryKey: studioKeys.links(siteId ?? ""),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/wordpress/sites/{site_id}/links", { signal, params: { path: { site_id: siteId ?? "" } } })),
    enabled: siteId !== null,
  });
}

export function usePullLinks() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (siteId: string) =>
      unwrap(api.POST("/wordpress/sites/{site_id}/pull-links", { params: { path: { site_id: siteId } } })),
    onSuccess: (_pulled, siteId) => {
      void client.invalidateQueries({ queryKey: studioKeys.links(siteId) });
      void client.invalidateQueries({ queryKey: studioKeys.sites });
    },
  });
}

/** Start an article run without waiting for it (202): progress is followed live. */
export function useStartArticle() {
  return useMutation({
    mutationFn: async (brief: Omit<ArticleBrief, "wait" | "formats">): Promise<StartedRun> => {
      const started = await unwrap(api.POST("/content/generate", { body: { ...brief, wait: 0 } }));
      return { executionId: started.execution_id, documentId: started.document_id };
    },
  });
}

/** Run one node of a finished run again, with what depends on it. */
export function useRegenerate(executionId: string) {
  return useMutation({
    mutationFn: (nodeId: string) =>
      unwrap(
        api.POST("/executions/{execution_id}/regenerate", {
          params: { path: { execution_id: executionId } },
          body: { node_id: nodeId },
        }),
      ),
  });
}

/** Continue a failed or stopped run from its first unfinished node. */
export function useResume(executionId: string) {
  return useMutation({
    mutationFn: () =>
      unwrap(api.POST("/executions/{execution_id}/resume", { params: { path: { execution_id: executionId } } })),
  });
}

/** Render the current version in a format, store it as the document's file, download it. */
export function useExportDocument(id: string) {
  return useMutation({
    mutationFn: async (format: ExportFormat) => {
      const exported = await unwrap(
        api.POST("/documents/{document_id}/exports", { params: { path: { document_id: id } }, body: { format } }),
      );
      return downloadWithAuth(exportUrl(exported.download_url), exported.file.filename);
    },
  });
}

export function usePublish(documentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ siteId, options }: { siteId: string; options: Omit<PublishRequest, "document_id"> }) =>
      unwrap(
        api.POST("/wordpress/sites/{site_id}/publish", {
          params: { path: { site_id: siteId } },
          body: { ...options, document_id: documentId },
        }),
      ),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: documentKeys.document(documentId) });
    },
  });
}
