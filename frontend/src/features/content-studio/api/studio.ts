import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";
import { documentKeys } from "@/lib/documents";
import type { StartedRun } from "@/lib/run";

export type { RunStatus, StartedRun } from "@/lib/run";

export type ArticleBrief = components["schemas"]["ArticleGenerate"];
export type Article = components["schemas"]["ContentData"];
export type DocumentPublic = components["schemas"]["DocumentPublic"];
export type PublishRequest = components["schemas"]["PublishRequest"];
export type PublishResult = components["schemas"]["PublishResult"];
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

export interface SectionItem {
  /** The map item's run id, e.g. "sections[2]": regenerating it rewrites that section alone. */
  id: string;
  index: number;
  heading: string | null;
}

const ITEM = /^sections\[(\d+)\]$/;

/** The sections a run wrote (one item of the "sections" map each), with the outline's headings. */
export function useSectionItems(executionId: string, generation: number, enabled: boolean) {
  return useQuery({
    // Keyed by generation: a regenerated outline may head its sections differently.
    queryKey: ["executions", executionId, "sections", generation] as const,
    queryFn: ({ signal }) =>
      unwrap(api.GET("/executions/{execution_id}/detail", { params: { path: { execution_id: executionId } }, signal })),
    enabled,
    select: (detail): SectionItem[] => {
      const outline = detail.attempts.filter((attempt) => attempt.node_id === "outline" && attempt.status === "completed").at(-1);
      const output: unknown = outline?.output;
      const headings =
        output !== null && typeof output === "object" && "sections" in output && Array.isArray(output.sections) ? (output.sections as unknown[]) : [];
      const indexes = new Set<number>();
      for (const attempt of detail.attempts) {
        const found = ITEM.exec(attempt.node_id);
        if (found?.[1] !== undefined) indexes.add(Number(found[1]));
      }
      return [...indexes]
        .sort((a, b) => a - b)
        .map((index) => {
          const heading = headings[index];
          return { id: `sections[${String(index)}]`, index, heading: typeof heading === "string" && heading.trim() ? heading.trim() : null };
        });
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
