// The workspace's members (GET/POST /members, PATCH/DELETE /members/{user_id}).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";
import { useSession } from "@/lib/session";

export type Member = components["schemas"]["Member"];
export type MemberAdd = components["schemas"]["MemberAdd"];
export type Role = components["schemas"]["Role"];

export const ROLES: readonly Role[] = ["owner", "admin", "editor", "viewer"];

function membersKey(tenantId: string | null): readonly unknown[] {
  return ["members", tenantId];
}

export function useMembers() {
  const { tenantId } = useSession();
  return useQuery({
    queryKey: membersKey(tenantId),
    queryFn: ({ signal }) => unwrap(api.GET("/members", { signal })),
  });
}

export function useAddMember() {
  const client = useQueryClient();
  const { tenantId } = useSession();
  return useMutation({
    mutationFn: (body: MemberAdd) => unwrap(api.POST("/members", { body })),
    onSuccess: () => void client.invalidateQueries({ queryKey: membersKey(tenantId) }),
  });
}

export function useChangeRole() {
  const client = useQueryClient();
  const { tenantId } = useSession();
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: Role }) =>
      unwrap(api.PATCH("/members/{user_id}", { params: { path: { user_id: userId } }, body: { role } })),
    onSettled: () => void client.invalidateQueries({ queryKey: membersKey(tenantId) }),
  });
}

export function useRemoveMember() {
  const client = useQueryClient();
  const { tenantId } = useSession();
  return useMutation({
    mutationFn: (userId: string) => unwrap(api.DELETE("/members/{user_id}", { params: { path: { user_id: userId } } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: membersKey(tenantId) }),
  });
}
