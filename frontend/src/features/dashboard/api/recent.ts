import { useQuery } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";

export const RECENT = 6;

export function useRecentExecutions() {
  return useQuery({
    queryKey: ["executions", "recent", RECENT],
    queryFn: () => unwrap(api.GET("/executions", { params: { query: { limit: RECENT } } })),
    // Runs move on their own: keep the list current while the dashboard is open.
    refetchInterval: 15_000,
  });
}

export function useRecentDocuments() {
  return useQuery({
    queryKey: ["documents", "recent", RECENT],
    queryFn: () => unwrap(api.GET("/documents", { params: { query: { limit: RECENT } } })),
    refetchInterval: 30_000,
  });
}
