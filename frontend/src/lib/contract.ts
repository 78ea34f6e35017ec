import { keepPreviousData, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";
import { useDebounced } from "@/lib/use-debounced";

export type ContentContract = components["schemas"]["ContentContract"];
export type ContractCheck = components["schemas"]["ContractCheck"];
export type LengthLimit = components["schemas"]["LengthLimit"];
export type CheckedKind = components["schemas"]["ContentCheck"]["kind"];

const contractKeys = {
  contract: ["content", "contract"] as const,
  check: (kind: CheckedKind, document: string) => ["content", "check", kind, document] as const,
};

/** The contract's limits and placement rules, as the server's rules count them (they never change while it runs). */
export function useContentContract() {
  return useQuery({
    queryKey: contractKeys.contract,
    queryFn: ({ signal }) => unwrap(api.GET("/content/contract", { signal })),
    staleTime: Infinity,
  });
}

/**
 * The contract if it is loaded, read without subscribing to it: for a check made once, on submit,
 * by a form that should not render again when the contract arrives.
 */
export function loadedContract(client: QueryClient): ContentContract | undefined {
  return client.getQueryData<ContentContract>(contractKeys.contract);
}

/** The limit of one field of a kind of content (`meta.seo_title`), once the contract is loaded. */
export function limitOf(contract: ContentContract | undefined, kind: "article" | "product", field: string): LengthLimit | undefined {
  return contract?.[kind].limits.find((limit) => limit.field === field);
}

function checkQuery(kind: CheckedKind, serialized: string) {
  return {
    queryKey: contractKeys.check(kind, serialized),
    queryFn: ({ signal }: { signal: AbortSignal }) =>
      unwrap(api.POST("/content/check", { signal, body: { kind, document: JSON.parse(serialized) as Record<string, unknown> } })),
    staleTime: Infinity,
  };
}

/**
 * The server's dry-run verdict on `document` (nothing is stored), asked again once typing
 * pauses. `current` says whether the verdict shown is about what is typed now.
 */
export function useContractCheck(kind: CheckedKind, document: Record<string, unknown> | null, delay = 600) {
  const serialized = document === null ? null : JSON.stringify(document);
  const settled = useDebounced(serialized, delay);
  const query = useQuery({
    ...checkQuery(kind, settled ?? "null"),
    enabled: settled !== null,
    placeholderData: keepPreviousData,
  });
  return { ...query, current: settled === serialized && !query.isPlaceholderData && !query.isFetching };
}

/** Check `document` now (or take the verdict already had for exactly it): what a save asks first. */
export function useCheckNow() {
  const client = useQueryClient();
  return (kind: CheckedKind, document: Record<string, unknown>): Promise<ContractCheck> =>
    client.query(checkQuery(kind, JSON.stringify(document)));
}

/** Characters as the contract counts them: the stripped text's code points. */
export function charCount(text: string): number {
  return Array.from(text.trim()).length;
}

/** Words as a reader counts them. */
export function wordCount(text: string): number {
  const trimmed = text.trim();
  return trimmed ? trimmed.split(/\s+/u).length : 0;
}
