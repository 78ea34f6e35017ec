import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

import { bookKeys } from "./books";

export type ContinuityReview = components["schemas"]["ContinuityReview"];
export type ContinuityIssue = ContinuityReview["issues"][number];

// Not under bookKeys.all: deciding invalidates the book, and the review read again then (the run
// no longer waits) would replace the form that is still following its decision.
const reviewKey = (id: string, executionId: string) => ["book-review", id, executionId] as const;

/** The chapters and continuity issues the book's run waits on (asked only while it is paused there). */
export function useBookReview(id: string, executionId: string, enabled: boolean) {
  return useQuery({
    queryKey: reviewKey(id, executionId),
    queryFn: ({ signal }) => unwrap(api.GET("/books/{book_id}/book-review", { signal, params: { path: { book_id: id } } })),
    enabled,
    // A 409 (decided elsewhere meanwhile) is an answer, not a hiccup to retry.
    retry: false,
    staleTime: Infinity,
  });
}

/** Approve the chapters as the continuity pass left them, or send them back with a reason. */
export function useDecideBook(id: string) {
  const client = useQueryClient();
  const settle = () => {
    void client.invalidateQueries({ queryKey: bookKeys.all });
  };
  const path = { params: { path: { book_id: id } } };
  const approve = useMutation({
    mutationFn: ({ comment }: { comment: string }) =>
      unwrap(api.POST("/books/{book_id}/book-review/approve", { ...path, body: { comment: comment || null } })),
    onSuccess: settle,
  });
  const sendBack = useMutation({
    mutationFn: ({ comment }: { comment: string }) =>
      unwrap(api.POST("/books/{book_id}/book-review/send-back", { ...path, body: { comment: comment || null } })),
    onSuccess: settle,
  });
  return { approve, sendBack };
}
