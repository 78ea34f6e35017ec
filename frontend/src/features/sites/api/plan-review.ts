import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";

import { siteKeys } from "./sites";

/** One page of the sitemap a plan review shows (what the planner made). */
export interface PlanPage {
  index: number;
  title: string;
  slug: string;
  purpose: string;
  keyword: string;
  sections: string[];
  front?: boolean;
}

/** The sitemap the run waits on: tagline, pages, navigation, front and posts page. */
export interface Sitemap {
  tagline: string;
  pages: PlanPage[];
  navigation: { label: string; slug: string }[];
  front_page: string;
  posts_page: { title: string; slug: string } | null;
  [key: string]: unknown;
}

function isSitemap(value: unknown): value is Sitemap {
  return typeof value === "object" && value !== null && Array.isArray((value as { pages?: unknown }).pages);
}

/** The sitemap of a paused run (the sitemap node's last finished output), asked only while it waits. */
export function usePlanForReview(jobId: string, enabled: boolean) {
  return useQuery({
    queryKey: ["sites", "plan-review", jobId],
    enabled,
    retry: false,
    staleTime: Infinity,
    queryFn: async ({ signal }) => {
      const detail = await unwrap(api.GET("/executions/{execution_id}/detail", { signal, params: { path: { execution_id: jobId } } }));
      const finished = detail.attempts.filter((attempt) => attempt.node_id === "sitemap" && attempt.status === "completed");
      const output = finished.at(-1)?.output;
      if (!isSitemap(output)) throw new Error("The run has no sitemap to review yet.");
      return output;
    },
  });
}

/** Approve the plan (the edited sitemap goes on) or reject it (the run stops). */
export function useDecidePlan(jobId: string) {
  const client = useQueryClient();
  const settle = () => void client.invalidateQueries({ queryKey: siteKeys.all });
  const approve = useMutation({
    mutationFn: ({ sitemap, comment }: { sitemap: Sitemap | null; comment: string }) =>
      unwrap(
        api.POST("/executions/{execution_id}/approve", {
          params: { path: { execution_id: jobId } },
          body: { ...(sitemap ? { edits: sitemap } : {}), comment: comment || null },
        }),
      ),
    onSuccess: settle,
  });
  const reject = useMutation({
    mutationFn: (comment: string) =>
      unwrap(api.POST("/executions/{execution_id}/reject", { params: { path: { execution_id: jobId } }, body: { comment: comment || null } })),
    onSuccess: settle,
  });
  return { approve, reject };
}
