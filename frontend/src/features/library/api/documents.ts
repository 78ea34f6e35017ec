import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";
import { downloadWithAuth, exportUrl } from "@/lib/download";

export type DocumentPublic = components["schemas"]["DocumentPublic"];
export type DocumentVersion = components["schemas"]["DocumentVersionPublic"];
export type DocumentDraft = components["schemas"]["DocumentDraftPublic"];
export type DocumentKind = DocumentPublic["kind"];
export type DocumentStatus = DocumentPublic["status"];
export type ExportFormat = components["schemas"]["DocumentExportRequest"]["format"];

export const DOCUMENT_KINDS: DocumentKind[] = ["article", "product", "pattern", "book", "site", "image"];
export const DOCUMENT_STATUSES: DocumentStatus[] = ["generating", "ready", "failed", "cancelled"];
export const EXPORT_FORMATS: { format: ExportFormat; label: string }[] = [
  { format: "html", label: "HTML page" },
  { format: "md", label: "Markdown" },
  { format: "gutenberg", label: "Gutenberg blocks" },
  { format: "json", label: "JSON" },
];

export const PAGE_SIZE = 25;

export interface LibraryFilters {
  q: string;
  kind: DocumentKind | "";
  status: DocumentStatus | "";
  language: string;
  executionId: string;
  offset: number;
}

export const libraryKeys = {
  all: ["documents"] as const,
  list: (filters: LibraryFilters) => ["documents", "list", filters] as const,
  one: (id: string) => ["documents", "one", id] as const,
  versions: (id: string) => ["documents", "versions", id] as const,
  version: (id: string, version: number) => ["documents", "version", id, version] as const,
  drafts: (id: string) => ["documents", "drafts", id] as const,
};

export function useDocuments(filters: LibraryFilters) {
  return useQuery({
    queryKey: libraryKeys.list(filters),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/documents", {
          signal,
          params: {
            query: {
              q: filters.q || undefined,
              kind: filters.kind || undefined,
              status: filters.status || undefined,
              language: filters.language || undefined,
              execution_id: filters.executionId || undefined,
              limit: PAGE_SIZE,
              offset: filters.offset,
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
    // Documents still being generated change state soon: look again while any is shown.
    refetchInterval: (query) => (query.state.data?.items.some((item) => item.status === "generating") ? 5000 : false),
  });
}

export function useDocument(id: string) {
  return useQuery({
    queryKey: libraryKeys.one(id),
    queryFn: ({ signal }) => unwrap(api.GET("/documents/{document_id}", { signal, params: { path: { document_id: id } } })),
    // A document still being generated gets its first version soon: look again.
    refetchInterval: (query) => (query.state.data?.status === "generating" ? 3000 : false),
  });
}

export function useVersions(id: string, currentVersion: number | undefined) {
  return useQuery({
    queryKey: [...libraryKeys.versions(id), currentVersion],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/documents/{document_id}/versions", { signal, params: { path: { document_id: id } } })),
    enabled: currentVersion !== undefined,
  });
}

export function useVersion(id: string, version: number | null) {
  return useQuery({
    queryKey: libraryKeys.version(id, version ?? 0),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/documents/{document_id}/versions/{version}", {
          signal,
          params: { path: { document_id: id, version: version ?? 0 } },
        }),
      ),
    enabled: version !== null && version > 0,
    staleTime: Infinity, // a version never changes
  });
}

export function useDrafts(id: string, currentVersion: number | undefined) {
  return useQuery({
    queryKey: [...libraryKeys.drafts(id), currentVersion],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/documents/{document_id}/drafts", { signal, params: { path: { document_id: id } } })),
    enabled: currentVersion !== undefined,
  });
}

export function useDeleteDocument() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/documents/{document_id}", { params: { path: { document_id: id } } })),
    onSuccess: (_data, id) => {
      client.removeQueries({ queryKey: libraryKeys.one(id) });
      void client.invalidateQueries({ queryKey: libraryKeys.all });
    },
  });
}

export function useExport(id: string) {
  return useMutation({
    mutationFn: async ({ format, version }: { format: ExportFormat; version: number | null }) => {
      const exported = await unwrap(
        api.POST("/documents/{document_id}/exports", {
          params: { path: { document_id: id } },
          body: { format, version },
        }),
      );
      return downloadWithAuth(exportUrl(exported.download_url), exported.file.filename);
    },
  });
}
