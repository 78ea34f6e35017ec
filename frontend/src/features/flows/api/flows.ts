// Saved flows, their versions, the shipped templates, the node-type registry and spec checks.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

export type FlowSpec = components["schemas"]["FlowSpec"];
export type NodeSpec = components["schemas"]["NodeSpec"];
export type EdgeSpec = components["schemas"]["EdgeSpec"];
export type FlowPublic = components["schemas"]["FlowPublic"];
export type FlowDetail = components["schemas"]["FlowDetail"];
export type FlowVersionSummary = components["schemas"]["FlowVersionSummary"];
export type FlowVersionPublic = components["schemas"]["FlowVersionPublic"];
export type MasterTemplateSummary = components["schemas"]["MasterTemplateSummary"];
export type MasterTemplate = components["schemas"]["MasterTemplate"];
export type NodeType = components["schemas"]["NodeTypePublic"];
export type SpecProblem = components["schemas"]["SpecProblem"];
export type RunStatus = components["schemas"]["RunStatus"];

export const flowKeys = {
  all: ["flows"] as const,
  list: (q: string, offset: number) => ["flows", "list", q, offset] as const,
  detail: (id: string) => ["flows", "detail", id] as const,
  versions: (id: string) => ["flows", "versions", id] as const,
  version: (id: string, version: number) => ["flows", "version", id, version] as const,
  templates: ["flow-templates"] as const,
  template: (name: string) => ["flow-templates", name] as const,
  nodeTypes: ["node-types"] as const,
};

export const PAGE_SIZE = 25;

export function useFlows(q: string, offset: number) {
  return useQuery({
    queryKey: flowKeys.list(q, offset),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/flows", { params: { query: { q: q || undefined, limit: PAGE_SIZE, offset } }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useFlow(id: string | undefined) {
  return useQuery({
    queryKey: flowKeys.detail(id ?? ""),
    queryFn: ({ signal }) => unwrap(api.GET("/flows/{flow_id}", { params: { path: { flow_id: id ?? "" } }, signal })),
    enabled: Boolean(id),
  });
}

export function useFlowVersions(id: string | undefined) {
  return useQuery({
    queryKey: flowKeys.versions(id ?? ""),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/flows/{flow_id}/versions", { params: { path: { flow_id: id ?? "" } }, signal })),
    enabled: Boolean(id),
  });
}

export function fetchFlowVersion(id: string, version: number) {
  return unwrap(api.GET("/flows/{flow_id}/versions/{version}", { params: { path: { flow_id: id, version } } }));
}

export function useTemplates() {
  return useQuery({
    queryKey: flowKeys.templates,
    queryFn: ({ signal }) => unwrap(api.GET("/flows/templates", { signal })),
    staleTime: 5 * 60_000,
  });
}

export function useTemplate(name: string | undefined) {
  return useQuery({
    queryKey: flowKeys.template(name ?? ""),
    queryFn: ({ signal }) => unwrap(api.GET("/flows/templates/{name}", { params: { path: { name: name ?? "" } }, signal })),
    enabled: Boolean(name),
    staleTime: 5 * 60_000,
  });
}

export function useNodeTypes() {
  return useQuery({
    queryKey: flowKeys.nodeTypes,
    queryFn: ({ signal }) => unwrap(api.GET("/flows/node-types", { signal })),
    staleTime: 10 * 60_000,
  });
}

export function validateSpec(spec: FlowSpec) {
  return unwrap(api.POST("/flows/validate", { body: { spec } }));
}

export function useCreateFlow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; description: string | null; spec: FlowSpec }) =>
      unwrap(api.POST("/flows", { body: { name: body.name, description: body.description, spec: body.spec } })),
    onSuccess: (flow) => {
      client.setQueryData(flowKeys.detail(flow.id), flow);
      void client.invalidateQueries({ queryKey: flowKeys.all });
    },
  });
}

export function useRenameFlow(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name?: string; description?: string | null }) =>
      unwrap(api.PATCH("/flows/{flow_id}", { params: { path: { flow_id: id } }, body })),
    onSuccess: () => void client.invalidateQueries({ queryKey: flowKeys.all }),
  });
}

export function useDeleteFlow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      await unwrap(api.DELETE("/flows/{flow_id}", { params: { path: { flow_id: id } } }));
      return id;
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: flowKeys.all }),
  });
}

export function useSaveVersion(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { spec: FlowSpec; note: string | null }) =>
      unwrap(api.POST("/flows/{flow_id}/versions", { params: { path: { flow_id: id } }, body })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: flowKeys.detail(id) });
      void client.invalidateQueries({ queryKey: flowKeys.versions(id) });
      void client.invalidateQueries({ queryKey: ["flows", "list"] });
    },
  });
}

export function useCopyTemplate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { template: string; name: string; description: string | null }) =>
      unwrap(
        api.POST("/flows/templates/{name}/copy", {
          params: { path: { name: body.template } },
          body: { name: body.name, description: body.description },
        }),
      ),
    onSuccess: (flow) => {
      client.setQueryData(flowKeys.detail(flow.id), flow);
      void client.invalidateQueries({ queryKey: flowKeys.all });
    },
  });
}

export function useRunFlow(id: string) {
  return useMutation({
    mutationFn: (body: { inputs: Record<string, unknown>; version: number; token_cap?: number }) =>
      unwrap(
        api.POST("/flows/{flow_id}/executions", {
          params: { path: { flow_id: id } },
          body: { inputs: body.inputs, version: body.version, token_cap: body.token_cap ?? null, wait: 0 },
        }),
      ),
  });
}
