import { useQuery } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

export type LivePreview = components["schemas"]["LivePreviewPublic"];

// The server keeps a live page a few minutes; read it again before then (the same page keeps its URL).
const RENEW_MS = 4 * 60 * 1000;

/**
 * A deployed page (null: the front page) read by the server from the site's WordPress, without
 * its scripts, and the URL of this origin a sandboxed frame shows it from. Under ["sites"], so a
 * finished deploy (which invalidates every site query) reads it again.
 */
export function useLivePreview(siteId: string, wordpress: string | null, page: string | null, enabled: boolean) {
  return useQuery({
    queryKey: ["sites", "live", siteId, wordpress ?? "", page ?? ""],
    enabled,
    queryFn: ({ signal }) =>
      unwrap(api.POST("/sites/{site_document_id}/live-preview", { signal, params: { path: { site_document_id: siteId } }, body: { page, wordpress } })),
    staleTime: RENEW_MS,
    gcTime: RENEW_MS,
    refetchInterval: RENEW_MS,
    // A WordPress that does not answer is said at once, with a way to try again.
    retry: false,
  });
}
