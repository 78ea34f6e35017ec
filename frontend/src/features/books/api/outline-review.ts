import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

import { bookKeys } from "./books";

export type OutlineReview = components["schemas"]["OutlineReview"];
export type OutlineReviewChapter = components["schemas"]["OutlineReviewChapter"];
export type OutlineChapterEdit = components["schemas"]["OutlineChapterEdit"];

const reviewKey = (id: string, executionId: string) => ["books", "outline-review", id, executionId] as const;

/** The outline the book's run waits on (asked only while the run is paused at it). */
export function useOutlineReview(id: string, executionId: string, enabled: boolean) {
  return useQuery({
    queryKey: reviewKey(id, executionId),
    queryFn: ({ signal }) => unwrap(api.GET("/books/{book_id}/outline-review", { signal, params: { path: { book_id: id } } })),
    enabled,
    // A 409 (decided elsewhere meanwhile) is an answer, not a hiccup to retry.
    retry: false,
    staleTime: Infinity,
  });
}

/** Approve the outline (with the chapters whose title or goal changed) or reject it. */
export function useDecideOutline(id: string) {
  const client = useQueryClient();
  const settle = () => {
    void client.invalidateQueries({ queryKey: bookKeys.all });
  };
  const approve = useMutation({
    mutationFn: ({ chapters, comment }: { chapters: OutlineChapterEdit[]; comment: string }) =>
      unwrap(
        api.POST("/books/{book_id}/outline-review/approve", {
          params: { path: { book_id: id } },
          body: { chapters, comment: comment || null },
        }),
      ),
    onSuccess: settle,
  });
  const reject = useMutation({
    mutationFn: ({ comment }: { comment: string }) =>
      unwrap(api.POST("/books/{book_id}/outline-review/reject", { params: { path: { book_id: id } }, body: { comment: comment || null } })),
    onSuccess: settle,
  });
  return { approve, reject };
}
