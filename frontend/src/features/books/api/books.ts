import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

export type BookCreate = components["schemas"]["BookCreate"];
export type BookPublic = components["schemas"]["BookPublic"];
export type BookChapters = components["schemas"]["BookChapters"];
export type ChapterPublic = components["schemas"]["ChapterPublic"];
export type ChapterMeasures = components["schemas"]["ChapterMeasures"];
export type BookStarted = components["schemas"]["BookStarted"];

export const bookKeys = {
  all: ["books"] as const,
  list: ["books", "list"] as const,
  one: (id: string) => ["books", "one", id] as const,
  chapters: (id: string, version: number) => ["books", "chapters", id, version] as const,
};

/** The workspace's books, newest first. */
export function useBooks() {
  return useQuery({
    queryKey: bookKeys.list,
    queryFn: ({ signal }) => unwrap(api.GET("/books", { signal, params: { query: { limit: 100 } } })),
  });
}

/** One book; `refetchInterval` (ms) reads it again while it changes without an event. */
export function useBook(id: string, refetchInterval: number | false = false) {
  return useQuery({
    queryKey: bookKeys.one(id),
    queryFn: ({ signal }) => unwrap(api.GET("/books/{book_id}", { signal, params: { path: { book_id: id } } })),
    refetchInterval,
  });
}

/** The chapters (with text) of a version; none asked before the book has one. */
export function useChapters(id: string, version: number) {
  return useQuery({
    queryKey: bookKeys.chapters(id, version),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/books/{book_id}/chapters", { signal, params: { path: { book_id: id }, query: { version } } })),
    enabled: version > 0,
    // The version before an edit stays on screen while the new one loads (the editor stays open).
    placeholderData: keepPreviousData,
  });
}

/** Start a book from a brief (202): its run is followed live on the book's page. */
export function useStartBook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (brief: BookCreate) => unwrap(api.POST("/books", { body: brief })),
    onSuccess: () => void client.invalidateQueries({ queryKey: bookKeys.list }),
  });
}

/** Store a chapter's hand-written text as the book's next version. */
export function useEditChapter(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ number, baseVersion, title, text }: { number: number; baseVersion: number; title: string; text: string }) =>
      unwrap(
        api.PATCH("/books/{book_id}/chapters/{number}", {
          params: { path: { book_id: id, number } },
          body: { base_version: baseVersion, title, text },
        }),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: bookKeys.all }),
  });
}

/** Write one chapter again: a new run, followed live. */
export function useRegenerateChapter(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (number: number) =>
      unwrap(api.POST("/books/{book_id}/chapters/{number}/regenerate", { params: { path: { book_id: id, number } } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: bookKeys.all }),
  });
}
