import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";
import type { StartedRun } from "@/lib/run";

export type { RunStatus, StartedRun } from "@/lib/run";

export type PatternBrief = components["schemas"]["PatternGenerate"];
export type TemplatePublic = components["schemas"]["PatternTemplatePublic"];
export type TemplateCreate = components["schemas"]["TemplateCreate"];

export const PAGE_SIZE = 12;
// The library has no list of categories: they are gathered from this many templates.
const CATEGORY_SCAN = 200;

export const patternKeys = {
  templates: ["templates"] as const,
  page: (category: string | null, offset: number) => ["templates", "page", category, offset] as const,
  categories: ["templates", "categories"] as const,
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

/** The categories in use, with how many templates each has. */
export function useTemplateCategories() {
  return useQuery({
    queryKey: patternKeys.categories,
    queryFn: async ({ signal }) => {
      const page = await unwrap(api.GET("/templates", { signal, params: { query: { limit: CATEGORY_SCAN, offset: 0 } } }));
      const counts = new Map<string, number>();
      for (const template of page.items) counts.set(template.category, (counts.get(template.category) ?? 0) + 1);
      return { categories: [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)), total: page.total, partial: page.total > page.items.length };
    },
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
