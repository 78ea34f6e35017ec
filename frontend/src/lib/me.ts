// The signed-in user, their current workspace and role, and every workspace they belong to.
import { useQuery } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";
import { useSession } from "@/lib/session";

export type Me = components["schemas"]["Me"];

export function meQueryKey(tenantId: string | null): readonly unknown[] {
  return ["me", tenantId];
}

export function useMe() {
  const session = useSession();
  return useQuery({
    queryKey: meQueryKey(session.tenantId),
    queryFn: () => unwrap(api.GET("/me")),
    enabled: session.status === "signed-in",
    staleTime: 5 * 60_000,
  });
}
