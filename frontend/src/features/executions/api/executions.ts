// Executions: the filtered list, one run's status document and detail (spec, inputs, node
// attempts), and what can be done to a run (stop, resume, regenerate a node, decide a review).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

export type RunStatus = components["schemas"]["RunStatus"];
export type NodeStatus = components["schemas"]["NodeStatus"];
export type ExecutionSummary = components["schemas"]["ExecutionSummary"];
export type ExecutionDetail = components["schemas"]["ExecutionDetail"];
export type NodeAttempt = components["schemas"]["NodeAttempt"];
export type ExecutionStatus = components["schemas"]["ExecutionStatus"];
export type FlowSpec = components["schemas"]["FlowSpec"];
export type NodeSpec = components["schemas"]["NodeSpec"];
export type NodeType = components["schemas"]["NodeTypePublic"];

export const EXECUTION_STATUSES: ExecutionStatus[] = ["queued", "running", "paused", "completed", "failed", "cancelled"];
export const FINISHED = new Set(["completed", "failed", "cancelled"]);
export const PAGE_SIZE = 25;

export interface ExecutionFilters {
  status?: ExecutionStatus;
  flow?: string;
  createdAfter?: string;
  createdBefore?: string;
  offset: number;
}

export const executionKeys = {
  list: (filters: ExecutionFilters) => ["executions", "list", filters] as const,
  status: (id: string) => ["executions", "status", id] as const,
  detail: (id: string) => ["executions", "detail", id] as const,
};

export function useExecutions(filters: ExecutionFilters) {
  return useQuery({
    queryKey: executionKeys.list(filters),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/executions", {
          params: {
            query: {
              status: filters.status,
              flow: filters.flow || undefined,
              created_after: filters.createdAfter,
              created_before: filters.createdBefore,
              limit: PAGE_SIZE,
              offset: filters.offset,
            },
          },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
    // Runs under way change state on their own: look again while any of them is listed.
    refetchInterval: (query) => (query.state.data?.items.some((item) => !FINISHED.has(item.status) && item.status !== "paused") ? 5000 : false),
  });
}

export function useExecutionStatus(id: string) {
  return useQuery({
    queryKey: executionKeys.status(id),
    queryFn: ({ signal }) => unwrap(api.GET("/executions/{execution_id}", { params: { path: { execution_id: id } }, signal })),
  });
}

export function useExecutionDetail(id: string) {
  return useQuery({
    queryKey: executionKeys.detail(id),
    queryFn: ({ signal }) => unwrap(api.GET("/executions/{execution_id}/detail", { params: { path: { execution_id: id } }, signal })),
  });
}

export function useNodeTypes() {
  return useQuery({
    queryKey: ["node-types"],
    queryFn: ({ signal }) => unwrap(api.GET("/flows/node-types", { signal })),
    staleTime: 10 * 60_000,
  });
}

/** After an action the run's status is the answer's; the list and detail are read again. */
function useSettle(id: string) {
  const client = useQueryClient();
  return (status: RunStatus) => {
    client.setQueryData(executionKeys.status(id), status);
    void client.invalidateQueries({ queryKey: executionKeys.detail(id) });
    void client.invalidateQueries({ queryKey: ["executions", "list"] });
  };
}

export function useStop(id: string) {
  const settle = useSettle(id);
  return useMutation({
    mutationFn: () => unwrap(api.POST("/executions/{execution_id}/stop", { params: { path: { execution_id: id } } })),
    onSuccess: settle,
  });
}

export function useResume(id: string) {
  const settle = useSettle(id);
  return useMutation({
    mutationFn: (tokenCap: number | null) =>
      unwrap(api.POST("/executions/{execution_id}/resume", { params: { path: { execution_id: id } }, body: { token_cap: tokenCap } })),
    onSuccess: settle,
  });
}

export function useRegenerate(id: string) {
  const settle = useSettle(id);
  return useMutation({
    mutationFn: (body: { node_id: string; overrides: Record<string, unknown> | null }) =>
      unwrap(api.POST("/executions/{execution_id}/regenerate", { params: { path: { execution_id: id } }, body })),
    onSuccess: settle,
  });
}

export function useApprove(id: string) {
  const settle = useSettle(id);
  return useMutation({
    mutationFn: (body: { edits?: unknown; comment: string | null }) =>
      unwrap(api.POST("/executions/{execution_id}/approve", { params: { path: { execution_id: id } }, body })),
    onSuccess: settle,
  });
}

export function useReject(id: string) {
  const settle = useSettle(id);
  return useMutation({
    mutationFn: (comment: string | null) =>
      unwrap(api.POST("/executions/{execution_id}/reject", { params: { path: { execution_id: id } }, body: { comment } })),
    onSuccess: settle,
  });
}
