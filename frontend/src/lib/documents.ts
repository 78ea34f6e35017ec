import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";

export const documentKeys = {
  document: (id: string) => ["documents", "one", id] as const,
  version: (id: string, version: number) => ["documents", "version", id, version] as const,
};

/** The document a run fills; looked at again while its run is still writing it. */
export function useDocument(id: string) {
  return useQuery({
    queryKey: documentKeys.document(id),
    queryFn: ({ signal }) => unwrap(api.GET("/documents/{document_id}", { signal, params: { path: { document_id: id } } })),
    // A run that just settled (again, after a regenerate) has stored a new version.
    refetchOnMount: "always",
    refetchInterval: (query) => {
      const found = query.state.data;
      return found && (found.status === "generating" || found.current_version === 0) ? 1500 : false;
    },
  });
}

/** One stored version's content (none asked for while there is no version yet). */
export function useVersionBody(id: string, version: number | undefined) {
  return useQuery({
    queryKey: documentKeys.version(id, version ?? 0),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/documents/{document_id}/versions/{version}", {
          signal,
          params: { path: { document_id: id, version: version ?? 0 } },
        }),
      ),
    enabled: version !== undefined && version > 0,
    staleTime: Infinity, // a version never changes
  });
}

/** Save an edit as the next version; the server checks it against the contract first. */
export function useEditDocument(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ baseVersion, content }: { baseVersion: number; content: Record<string, unknown> }) =>
      unwrap(
        api.PATCH("/documents/{document_id}", {
          params: { path: { document_id: id } },
          body: { base_version: baseVersion, content },
        }),
      ),
    onSuccess: (document) => {
      client.setQueryData(documentKeys.document(id), document);
      void client.invalidateQueries({ queryKey: ["documents", "list"] });
    },
  });
}
