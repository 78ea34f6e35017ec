import { useQuery } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";

export const brandProfileKeys = { all: ["brand-profiles"] as const };

/** The workspace's brand profiles, which a generation may write in the voice of. */
export function useBrandProfiles() {
  return useQuery({
    queryKey: brandProfileKeys.all,
    queryFn: ({ signal }) => unwrap(api.GET("/brand-profiles", { signal })),
  });
}
