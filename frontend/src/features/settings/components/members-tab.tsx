import { UserPlus, Users } from "lucide-react";
import { useId, useState, type SyntheticEvent } from "react";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { FieldError } from "@/components/ui/field-error";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { LoadingRows } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { formatDate } from "@/lib/format";
import { useMe } from "@/lib/me";
import { ApiProblem, errorMessage, problemMessage } from "@/lib/problems";
import { useSession } from "@/lib/session";
import { useOnce } from "@/lib/use-once";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { FormAlert } from "@/components/ui/form-alert";
import { formProblems } from "@/lib/form-problems";

import { ROLES, useAddMember, useChangeRole, useMembers, useRemoveMember, type Member, type Role } from "../api/members";
import { SectionHeader } from "./shared";

const CAN: Record<Role, string> = {
  owner: "Everything an admin can, and the workspace itself: only owners make or remove owners.",
  admin: "Members (below owner), providers, WordPress sites, WooCommerce stores, API keys and every member's usage.",
  editor: "Generate, edit, export, publish and delete content; brand profiles and bulk jobs.",
  viewer: "Read content, runs, settings and members; nothing that writes or spends.",
};

/** What the signed-in member may do to members: nothing below admin; owners only if an owner. */
function usePowers() {
  const { role } = useSession();
  const me = useMe();
  const manages = role === "owner" || role === "admin";
  const grantable: readonly Role[] = role === "owner" ? ROLES : ROLES.filter((entry) => entry !== "owner");
  const myId = me.data?.user.id;
  return {
    manages,
    grantable,
    /** Whether this row's role and membership may be changed by the signed-in member. */
    mayChange: (member: Member) => manages && myId !== undefined && member.user_id !== myId && (member.role !== "owner" || role === "owner"),
    isMe: (member: Member) => member.user_id === myId,
  };
}

function AddMember({ grantable }: { grantable: readonly Role[] }) {
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("editor");
  const add = useAddMember();
  const once = useOnce();
  const problems = formProblems(add.error, ["email", "role"], "email");
  // No such user (404) is about the address: say it next to it.
  const missing = add.error instanceof ApiProblem && add.error.status === 404 ? problemMessage(add.error.problem, 404) : undefined;

  const close = () => {
    setOpen(false);
    setEmail("");
    setRole("editor");
    add.reset();
  };

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    once((done) =>
      add.mutate(
        { email: email.trim(), role },
        {
          onSuccess: (member) => {
            toast({ title: `${member.email} added as ${member.role}`, variant: "success" });
            close();
          },
          onSettled: done,
        },
      ),
    );
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (next) setOpen(true);
        else close();
      }}
    >
      <DialogTrigger asChild>
        <Button>
          <UserPlus aria-hidden="true" />
          Add member
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-lg">
        <DialogHeader>
          <DialogTitle>Add a member</DialogTitle>
          <DialogDescription>They need an account on this server already: they register, or the operator creates it.</DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <FormField label="Email" error={missing ?? problems.field("email")}>
            {(control) => (
              <Input {...control} type="email" autoComplete="off" required value={email} maxLength={320} onChange={(event) => setEmail(event.target.value)} />
            )}
          </FormField>
          <FormField label="Role" hint={CAN[role]} error={problems.field("role")}>
            {(control) => (
              <Select value={role} onValueChange={(value) => setRole(value as Role)}>
                <SelectTrigger {...control}>
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {grantable.map((entry) => (
                    <SelectItem key={entry} value={entry}>
                      {entry}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            )}
          </FormField>
          <FormAlert messages={missing ? [] : problems.rest} title="Not added" />
          <DialogFooter>
            <Button type="submit" disabled={add.isPending || !email.trim()}>
              {add.isPending ? "Adding…" : "Add member"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function RoleSelect({ member, grantable }: { member: Member; grantable: readonly Role[] }) {
  const change = useChangeRole();
  const errorId = useId();
  const error = change.error ? errorMessage(change.error) : undefined;
  return (
    <div className="grid gap-1">
      <Select
        value={change.isPending ? change.variables.role : member.role}
        disabled={change.isPending}
        onValueChange={(value) => {
          const role = value as Role;
          if (role === member.role) return;
          change.mutate(
            { userId: member.user_id, role },
            { onSuccess: (changed) => toast({ title: `${changed.email} is now ${changed.role}`, variant: "success" }) },
          );
        }}
      >
        <SelectTrigger className="w-32" aria-label={`Role of ${member.email}`} aria-invalid={error ? true : undefined} aria-describedby={error ? errorId : undefined}>
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          {grantable.map((entry) => (
            <SelectItem key={entry} value={entry}>
              {entry}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
      <FieldError id={errorId}>{error}</FieldError>
    </div>
  );
}

export function MembersTab() {
  const members = useMembers();
  const remove = useRemoveMember();
  const powers = usePowers();
  const me = useMe();

  return (
    <div className="grid gap-4">
      <SectionHeader
        title="Members and roles"
        description={
          powers.manages
            ? "Who belongs to this workspace and what each may do. Removing someone signs them out of it and revokes their API keys here."
            : "Who belongs to this workspace and what each may do. Owners and admins add, change and remove members."
        }
        action={powers.manages ? <AddMember grantable={powers.grantable} /> : undefined}
      />
      {members.isPending ? (
        <LoadingRows rows={3} label="Loading the members" />
      ) : members.isError ? (
        <ErrorState error={members.error} title="Could not load the members" onRetry={() => void members.refetch()} />
      ) : members.data.length === 0 ? (
        <EmptyState icon={Users} title="No members" action={powers.manages ? <AddMember grantable={powers.grantable} /> : undefined}>
          Add people who already have an account on this server.
        </EmptyState>
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Member</TableHead>
              <TableHead>Role</TableHead>
              <TableHead>Since</TableHead>
              {powers.manages ? (
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              ) : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {members.data.map((member) => (
              <TableRow key={member.user_id} aria-current={powers.isMe(member) ? "true" : undefined}>
                <TableCell>
                  <div className="font-medium">
                    {member.display_name ?? member.email}
                    {powers.isMe(member) ? <span className="ms-2 text-xs font-normal text-muted-foreground">(you)</span> : null}
                  </div>
                  {member.display_name ? <div className="text-xs text-muted-foreground">{member.email}</div> : null}
                </TableCell>
                <TableCell>
                  {powers.mayChange(member) ? <RoleSelect member={member} grantable={powers.grantable} /> : <Badge variant="outline">{member.role}</Badge>}
                </TableCell>
                <TableCell>{formatDate(member.joined_at)}</TableCell>
                {powers.manages ? (
                  <TableCell>
                    {powers.mayChange(member) ? (
                      <ConfirmButton
                        label={
                          <>
                            Remove<span className="sr-only"> {member.email}</span>
                          </>
                        }
                        title={`Remove ${member.email}?`}
                        description="They lose access to this workspace at once: their sessions here end and their API keys here are revoked. You can add them again later."
                        confirmLabel="Remove member"
                        onConfirm={() => remove.mutateAsync(member.user_id).then(() => toast({ title: `${member.email} removed` }))}
                      />
                    ) : null}
                  </TableCell>
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {me.data ? (
        <p className="text-sm text-muted-foreground">
          You are <Badge variant="outline">{me.data.role}</Badge> of <strong>{me.data.tenant.name}</strong>. Nobody changes their own role; the last owner always
          stays.
        </p>
      ) : null}
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Role</TableHead>
            <TableHead>May</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {ROLES.map((role) => (
            <TableRow key={role}>
              <TableCell className="font-medium">{role}</TableCell>
              <TableCell className="whitespace-normal">{CAN[role]}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
