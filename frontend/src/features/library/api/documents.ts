import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, authFetch, unwrap, API_BASE } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";
import { ApiProblem, toProblem } from "@/lib/problems";

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

/** The file name a Content-Disposition header gives (filename* first), else the fallback. */
export function dispositionName(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header);
  return plain?.[1]?.trim() ?? fallback;
}

/** Fetch a file with the session's token and hand it to the browser as a download. */
export async function downloadWithAuth(url: string, fallbackName: string): Promise<string> {
  const response = await authFetch(url);
  if (!response.ok) {
    let body: unknown = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    throw new ApiProblem(response.status, toProblem(body, response.status));
  }
  const blob = await response.blob();
  const name = dispositionName(response.headers.get("Content-Disposition"), fallbackName);
  const href = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = href;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return name;
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
      // download_url is absolute from the server's root (/api/v1/files/...).
      const url = exported.download_url.startsWith("/") ? exported.download_url : `${API_BASE}/${exported.download_url}`;
      return downloadWithAuth(url, exported.file.filename);
    },
  });
}
