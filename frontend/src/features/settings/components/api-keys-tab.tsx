import { Copy, KeyRound, Plus } from "lucide-react";
import { useState, type SyntheticEvent } from "react";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { LoadingRows } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { formatDate, formatDateTime } from "@/lib/format";
import { useOnce } from "@/lib/use-once";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { FormAlert } from "@/components/ui/form-alert";
import { formProblems } from "@/lib/form-problems";

import { useApiKeys, useCreateApiKey, useRevokeApiKey, type ApiKey, type ApiKeyCreated } from "../api/settings";
import { ReadOnlyNote, SectionHeader, useCan } from "./shared";

function CreateKey() {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [expires, setExpires] = useState("");
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  const create = useCreateApiKey();
  const once = useOnce();
  const problems = formProblems(create.error, ["name", "expires_at"]);

  const close = () => {
    setOpen(false);
    setName("");
    setExpires("");
    setCreated(null);
    create.reset();
  };

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    // A date input gives a day: the key works until the end of that day (local time).
    const expiresAt = expires ? new Date(`${expires}T23:59:59`).toISOString() : null;
    once((done) => create.mutate({ name: name.trim(), expires_at: expiresAt }, { onSuccess: setCreated, onSettled: done }));
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
          <Plus aria-hidden="true" />
          Create API key
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-xl">
        {created ? (
          <>
            <DialogHeader>
              <DialogTitle>Copy the key now</DialogTitle>
              <DialogDescription>This is the only time it is shown. Store it somewhere safe; if it is lost, revoke it and create another.</DialogDescription>
            </DialogHeader>
            <div className="grid gap-1.5">
              <Label htmlFor="created-api-key">API key “{created.name}”</Label>
              <div className="flex gap-2">
                <Input id="created-api-key" readOnly value={created.key} className="font-mono" onFocus={(event) => event.target.select()} />
                <Button
                  variant="outline"
                  onClick={() => {
                    navigator.clipboard.writeText(created.key).then(
                      () => toast({ title: "Key copied", variant: "success" }),
                      () => toast({ title: "Could not copy: select the key and copy it", variant: "destructive" }),
                    );
                  }}
                >
                  <Copy aria-hidden="true" />
                  Copy
                </Button>
              </div>
            </div>
            <DialogFooter>
              <DialogClose asChild>
                <Button>I stored it</Button>
              </DialogClose>
            </DialogFooter>
          </>
        ) : (
          <>
            <DialogHeader>
              <DialogTitle>Create an API key</DialogTitle>
              <DialogDescription>It acts as you in this workspace, with your role. Send it as Authorization: Bearer KEY.</DialogDescription>
            </DialogHeader>
            <form onSubmit={submit} className="grid gap-4" noValidate>
              <FormField label="Name" hint="What uses it, e.g. wordpress-plugin." error={problems.field("name")}>
                {(control) => <Input {...control} required value={name} maxLength={100} onChange={(event) => setName(event.target.value)} />}
              </FormField>
              <FormField label="Expires (optional)" hint="Works until the end of that day; empty: until revoked." error={problems.field("expires_at")}>
                {(control) => <Input {...control} type="date" value={expires} onChange={(event) => setExpires(event.target.value)} />}
              </FormField>
              <FormAlert messages={problems.rest} title="Not created" />
              <DialogFooter>
                <Button type="submit" disabled={create.isPending}>
                  {create.isPending ? "Creating…" : "Create key"}
                </Button>
              </DialogFooter>
            </form>
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}

function state(key: ApiKey): { label: string; variant: "success" | "destructive" | "outline" } {
  if (key.revoked_at) return { label: "Revoked", variant: "destructive" };
  if (key.expires_at && new Date(key.expires_at).getTime() < Date.now()) return { label: "Expired", variant: "outline" };
  return { label: "Active", variant: "success" };
}

export function ApiKeysTab() {
  const canEdit = useCan("admin");
  const keys = useApiKeys();
  const revoke = useRevokeApiKey();

  if (!canEdit) {
    return (
      <div className="grid gap-4">
        <SectionHeader title="API keys" description="Keys for scripts and the WordPress plugin, each acting as its creator." />
        <ReadOnlyNote needs="admin" />
      </div>
    );
  }
  return (
    <div className="grid gap-4">
      <SectionHeader title="API keys" description="Keys for scripts and the WordPress plugin, each acting as its creator. A key is shown once, when it is created." action={<CreateKey />} />
      {keys.isPending ? (
        <LoadingRows rows={3} label="Loading API keys" />
      ) : keys.isError ? (
        <ErrorState error={keys.error} title="Could not load the API keys" onRetry={() => void keys.refetch()} />
      ) : keys.data.length === 0 ? (
        <EmptyState icon={KeyRound} title="No API key" action={<CreateKey />}>
          Create one for each script or plugin, so each can be revoked alone.
        </EmptyState>
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>Starts with</TableHead>
              <TableHead>State</TableHead>
              <TableHead>Created</TableHead>
              <TableHead>Expires</TableHead>
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {keys.data.map((key) => {
              const { label, variant } = state(key);
              return (
                <TableRow key={key.id}>
                  <TableCell className="font-medium">{key.name}</TableCell>
                  <TableCell className="font-mono text-xs">{key.prefix}</TableCell>
                  <TableCell>
                    <Badge variant={variant}>{label}</Badge>
                    {key.revoked_at ? <span className="ms-2 text-xs text-muted-foreground">{formatDateTime(key.revoked_at)}</span> : null}
                  </TableCell>
                  <TableCell>{formatDate(key.created_at)}</TableCell>
                  <TableCell>{key.expires_at ? formatDate(key.expires_at) : "never"}</TableCell>
                  <TableCell>
                    {!key.revoked_at ? (
                      <ConfirmButton
                        label={
                          <>
                            Revoke<span className="sr-only"> {key.name}</span>
                          </>
                        }
                        title={`Revoke ${key.name}?`}
                        description="Every request made with it is refused from now on. This cannot be undone."
                        confirmLabel="Revoke key"
                        onConfirm={() => revoke.mutateAsync(key.id).then(() => toast({ title: `${key.name} revoked` }))}
                      />
                    ) : null}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
      {keys.data && keys.data.some((key) => !key.revoked_at) ? (
        <Alert>
          <AlertTitle>Keys act with their creator's role</AlertTitle>
          <AlertDescription>Revoke a key as soon as what uses it no longer needs it.</AlertDescription>
        </Alert>
      ) : null}
    </div>
  );
}
