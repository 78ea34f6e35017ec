import { useMutation } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

export type ProviderCheck = components["schemas"]["ProviderCheck"];

/**
 * One tiny real call to a provider (POST /providers/{name}/test). A provider that fails is an
 * answer (`ok` false with its message); only a request the server refuses is an error.
 */
export function useTestProvider(name: string) {
  return useMutation({
    mutationKey: ["providers", "test", name],
    mutationFn: () => unwrap(api.POST("/providers/{name}/test", { params: { path: { name } } })),
  });
}
