import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";
import type { StartedRun } from "@/lib/run";

export type { RunStatus, StartedRun } from "@/lib/run";

export type PatternBrief = components["schemas"]["PatternGenerate"];
export type TemplatePublic = components["schemas"]["TemplatePublic"];
export type TemplateCreate = components["schemas"]["TemplateCreate"];
export type PreviewLanguage = components["schemas"]["PreviewCreate"]["language"];
/** What a preview shows: block markup the studio holds, or a template the server renders. */
export type PreviewSource = { markup: string } | { templateId: string };

export const PAGE_SIZE = 12;
// The server keeps a preview page 10 minutes and gives the same preview the same URL: asking
// again well before that keeps the frame's URL alive without reloading it.
const PREVIEW_RENEW_MS = 4 * 60_000;

export const patternKeys = {
  templates: ["templates"] as const,
  page: (category: string | null, offset: number) => ["templates", "page", category, offset] as const,
  categories: ["templates", "categories"] as const,
  preview: (source: PreviewSource, language: string, title: string | undefined) => ["previews", source, language, title ?? null] as const,
};

/** Start a pattern run without waiting (202): progress is followed live. */
export function useStartPattern() {
  return useMutation({
    mutationFn: async (brief: Omit<PatternBrief, "wait">): Promise<StartedRun> => {
      const started = await unwrap(api.POST("/patterns/generate", { body: { ...brief, wait: 0 } }));
      return { executionId: started.execution_id, documentId: started.document_id };
    },
  });
}

export function useTemplates(category: string | null, offset: number) {
  return useQuery({
    queryKey: patternKeys.page(category, offset),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/templates", { signal, params: { query: { category: category ?? undefined, limit: PAGE_SIZE, offset } } })),
    placeholderData: keepPreviousData,
  });
}

/** The categories in use, with how many templates each has, and WordPress's own to suggest. */
export function useTemplateCategories() {
  return useQuery({
    queryKey: patternKeys.categories,
    queryFn: ({ signal }) => unwrap(api.GET("/templates/categories", { signal })),
  });
}

/**
 * A preview page the server rendered (sanitized, styled as a block theme would show it) and
 * the URL a sandboxed frame loads it from; renewed while it is shown, under the same URL.
 */
export function usePatternPreview(source: PreviewSource, language: PreviewLanguage, title?: string) {
  return useQuery({
    queryKey: patternKeys.preview(source, language, title),
    queryFn: ({ signal }) =>
      unwrap(
        api.POST("/previews", {
          signal,
          body: "markup" in source ? { markup: source.markup, language, title } : { template_id: source.templateId, language, title },
        }),
      ),
    staleTime: PREVIEW_RENEW_MS,
    gcTime: PREVIEW_RENEW_MS,
    refetchInterval: PREVIEW_RENEW_MS,
  });
}

export function useCreateTemplate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TemplateCreate) => unwrap(api.POST("/templates", { body })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: patternKeys.templates });
    },
  });
}

export function useDeleteTemplate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/templates/{template_id}", { params: { path: { template_id: id } } })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: patternKeys.templates });
    },
  });
}
