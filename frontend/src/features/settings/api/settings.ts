import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

type Schemas = components["schemas"];
export type Provider = Schemas["ProviderConfigPublic"];
export type ProviderCreate = Schemas["ProviderCreate"];
export type ModelInfo = Schemas["ModelInfo"];
export type BrandProfile = Schemas["BrandProfilePublic"];
export type BrandProfileCreate = Schemas["BrandProfileCreate"];
export type Site = Schemas["WordPressSitePublic"];
export type SiteConnect = Schemas["SiteConnectRequest"];
export type Store = Schemas["WooCommerceStorePublic"];
export type StoreConnect = Schemas["StoreConnect"];
export type ApiKey = Schemas["ApiKeyPublic"];
export type ApiKeyCreated = Schemas["ApiKeyCreated"];

export const PROVIDER_KINDS: ProviderCreate["kind"][] = [
  "openai",
  "anthropic",
  "gemini",
  "ollama",
  "openai-compatible",
  "vllm",
  "llamacpp",
  "lmstudio",
  "local",
];

export const keys = {
  providers: ["providers"] as const,
  models: ["models"] as const,
  profiles: ["brand-profiles"] as const,
  sites: ["wordpress", "sites"] as const,
  stores: ["woocommerce", "stores"] as const,
  apiKeys: ["api-keys"] as const,
};

// ---- providers and models ----

export function useProviders() {
  return useQuery({ queryKey: keys.providers, queryFn: ({ signal }) => unwrap(api.GET("/providers", { signal })) });
}

export function useModels() {
  return useQuery({ queryKey: keys.models, queryFn: ({ signal }) => unwrap(api.GET("/models", { signal })) });
}

export function useCreateProvider() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ProviderCreate) => unwrap(api.POST("/providers", { body })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.providers });
      void client.invalidateQueries({ queryKey: keys.models });
    },
  });
}

export function useReplaceProviderKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, apiKey }: { id: string; apiKey: string | null }) =>
      unwrap(api.PATCH("/providers/{config_id}", { params: { path: { config_id: id } }, body: { api_key: apiKey } })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.providers });
      void client.invalidateQueries({ queryKey: keys.models });
    },
  });
}

export function useDeleteProvider() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/providers/{config_id}", { params: { path: { config_id: id } } })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.providers });
      void client.invalidateQueries({ queryKey: keys.models });
    },
  });
}

// ---- brand profiles ----

export function useProfiles() {
  return useQuery({ queryKey: keys.profiles, queryFn: ({ signal }) => unwrap(api.GET("/brand-profiles", { signal })) });
}

export function useSaveProfile() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: BrandProfileCreate }) =>
      id === null
        ? unwrap(api.POST("/brand-profiles", { body }))
        : unwrap(api.PATCH("/brand-profiles/{profile_id}", { params: { path: { profile_id: id } }, body })),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.profiles }),
  });
}

export function useDeleteProfile() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/brand-profiles/{profile_id}", { params: { path: { profile_id: id } } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.profiles }),
  });
}

// ---- WordPress sites and WooCommerce stores ----

export function useSites() {
  return useQuery({
    queryKey: keys.sites,
    queryFn: ({ signal }) => unwrap(api.GET("/wordpress/sites", { signal })),
  });
}

export function useCheckSites() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.GET("/wordpress/sites", { params: { query: { check: true } } })),
    onSuccess: (sites) => client.setQueryData(keys.sites, sites),
  });
}

export function useConnectSite() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SiteConnect) => unwrap(api.POST("/wordpress/sites", { body })),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.sites }),
  });
}

export function useRemoveSite() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/wordpress/sites/{site_id}", { params: { path: { site_id: id } } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.sites }),
  });
}

export function useStores() {
  return useQuery({
    queryKey: keys.stores,
    queryFn: ({ signal }) => unwrap(api.GET("/woocommerce/stores", { signal })),
  });
}

export function useCheckStores() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.GET("/woocommerce/stores", { params: { query: { check: true } } })),
    onSuccess: (stores) => client.setQueryData(keys.stores, stores),
  });
}

export function useConnectStore() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: StoreConnect) => unwrap(api.POST("/woocommerce/stores", { body })),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.stores }),
  });
}

export function useRemoveStore() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/woocommerce/stores/{store_id}", { params: { path: { store_id: id } } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.stores }),
  });
}

// ---- API keys ----

export function useApiKeys() {
  return useQuery({ queryKey: keys.apiKeys, queryFn: ({ signal }) => unwrap(api.GET("/api-keys", { signal })) });
}

export function useCreateApiKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; expires_at: string | null }) => unwrap(api.POST("/api-keys", { body })),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.apiKeys }),
  });
}

export function useRevokeApiKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api-keys/{key_id}", { params: { path: { key_id: id } } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.apiKeys }),
  });
}
