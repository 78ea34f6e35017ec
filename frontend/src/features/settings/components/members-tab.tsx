import { Users } from "lucide-react";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { LoadingRows } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useMe } from "@/lib/me";

import { SectionHeader } from "./shared";

const ROLES: { role: "owner" | "admin" | "editor" | "viewer"; can: string }[] = [
  { role: "owner", can: "Everything an admin can, and the workspace itself." },
  { role: "admin", can: "Providers, WordPress sites, WooCommerce stores, API keys and every member's usage." },
  { role: "editor", can: "Generate, edit, export, publish and delete content; brand profiles and bulk jobs." },
  { role: "viewer", can: "Read content, runs and settings; nothing that writes or spends." },
];

export function MembersTab() {
  const me = useMe();
  return (
    <div className="grid gap-4">
      <SectionHeader title="Members and roles" description="Who you are in this workspace, the workspaces you belong to, and what each role may do." />
      {me.isPending ? (
        <LoadingRows rows={3} label="Loading your memberships" />
      ) : me.isError ? (
        <ErrorState error={me.error} title="Could not load your memberships" onRetry={() => void me.refetch()} />
      ) : (
        <>
          <p className="text-sm">
            Signed in as <strong>{me.data.user.display_name ?? me.data.user.email}</strong> ({me.data.user.email}), <Badge variant="outline">{me.data.role}</Badge> of{" "}
            <strong>{me.data.tenant.name}</strong>.
          </p>
          {me.data.memberships.length === 0 ? (
            <EmptyState icon={Users} title="No membership" />
          ) : (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Workspace</TableHead>
                  <TableHead>Your role</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {me.data.memberships.map((membership) => (
                  <TableRow key={membership.tenant.id} aria-current={membership.tenant.id === me.data.tenant.id ? "true" : undefined}>
                    <TableCell>
                      {membership.tenant.name}
                      {membership.tenant.id === me.data.tenant.id ? <span className="ms-2 text-xs text-muted-foreground">(current)</span> : null}
                    </TableCell>
                    <TableCell>{membership.role}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </>
      )}
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Role</TableHead>
            <TableHead>May</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {ROLES.map((entry) => (
            <TableRow key={entry.role}>
              <TableCell className="font-medium">{entry.role}</TableCell>
              <TableCell className="whitespace-normal">{entry.can}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Alert>
        <AlertTitle>Adding members</AlertTitle>
        <AlertDescription>
          Neither the API nor the command line can list a workspace's members, invite someone or change a role yet, so this screen shows your own
          memberships and what each role may do.
        </AlertDescription>
      </Alert>
    </div>
  );
}
