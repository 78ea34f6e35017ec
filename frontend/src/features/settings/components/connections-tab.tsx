import { ExternalLink, Globe, Plus, ShoppingCart } from "lucide-react";
import { useState, type SyntheticEvent } from "react";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { LoadingRows } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { formatRelative } from "@/lib/format";
import { errorMessage } from "@/lib/problems";
import { useOnce } from "@/lib/use-once";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { FormAlert } from "@/components/ui/form-alert";
import { formProblems } from "@/lib/form-problems";

import {
  useCheckSites,
  useCheckStores,
  useConnectSite,
  useConnectStore,
  useRemoveSite,
  useRemoveStore,
  useSites,
  useStores,
  type Site,
  type Store,
} from "../api/settings";
import { ConnectionBadge, ReadOnlyNote, SectionHeader, useCan } from "./shared";

type Kind = "wordpress" | "woocommerce";

const TEXT = {
  wordpress: {
    title: "WordPress sites",
    description: "Sites articles are published to. The application password is checked against WordPress, then stored encrypted.",
    add: "Connect a site",
    empty: "No WordPress site connected",
    emptyText: "Connect one to publish articles as drafts, posts or scheduled posts.",
    secretFields: ["username", "application_password"] as const,
  },
  woocommerce: {
    title: "WooCommerce stores",
    description: "Stores whose products get copy written and written back. The REST API key is checked against WooCommerce, then stored encrypted.",
    add: "Connect a store",
    empty: "No WooCommerce store connected",
    emptyText: "Connect one to write product copy from its products and back to them.",
    secretFields: ["consumer_key", "consumer_secret"] as const,
  },
};

function ConnectDialog({ kind }: { kind: Kind }) {
  const [open, setOpen] = useState(false);
  const [url, setUrl] = useState("");
  const [name, setName] = useState("");
  const [first, setFirst] = useState("");
  const [second, setSecond] = useState("");
  const site = useConnectSite();
  const store = useConnectStore();
  const mutation = kind === "wordpress" ? site : store;
  const once = useOnce();
  const fields = ["url", "name", ...TEXT[kind].secretFields];
  const problems = formProblems(mutation.error, fields);

  const reset = () => {
    setUrl("");
    setName("");
    setFirst("");
    setSecond("");
    site.reset();
    store.reset();
  };

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const shortName = name.trim() || null;
    once((done) => {
      if (kind === "wordpress") {
        site.mutate(
          { url: url.trim(), name: shortName, username: first.trim(), application_password: second },
          {
            onSuccess: (answer) => {
              setOpen(false);
              reset();
              toast({ title: `${answer.site.name} connected`, description: answer.warnings.join(" ") || undefined, variant: answer.warnings.length ? "default" : "success" });
            },
            onSettled: done,
          },
        );
      } else {
        store.mutate(
          { url: url.trim(), name: shortName, consumer_key: first.trim(), consumer_secret: second.trim() },
          {
            onSuccess: (answer) => {
              setOpen(false);
              reset();
              toast({ title: `${answer.name} connected`, variant: "success" });
            },
            onSettled: done,
          },
        );
      }
    });
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button>
          <Plus aria-hidden="true" />
          {TEXT[kind].add}
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-xl">
        <DialogHeader>
          <DialogTitle>{TEXT[kind].add}</DialogTitle>
          <DialogDescription>
            {kind === "wordpress"
              ? "In WordPress: Users › Profile › Application Passwords. An Author account is the safer choice."
              : "In WooCommerce: Settings › Advanced › REST API, a key with Read/Write permission."}
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <FormField label="Address" hint="e.g. https://shop.example.com" error={problems.field("url")}>
            {(control) => <Input {...control} type="url" required value={url} maxLength={500} onChange={(event) => setUrl(event.target.value)} />}
          </FormField>
          <FormField label="Short name (optional)" hint="Lower case; default: the host name." error={problems.field("name")}>
            {(control) => <Input {...control} value={name} maxLength={100} autoComplete="off" onChange={(event) => setName(event.target.value)} />}
          </FormField>
          {kind === "wordpress" ? (
            <>
              <FormField label="WordPress username" error={problems.field("username")}>
                {(control) => <Input {...control} required value={first} maxLength={100} autoComplete="off" onChange={(event) => setFirst(event.target.value)} />}
              </FormField>
              <FormField label="Application password" error={problems.field("application_password")}>
                {(control) => (
                  <Input {...control} type="password" required value={second} maxLength={200} autoComplete="new-password" onChange={(event) => setSecond(event.target.value)} />
                )}
              </FormField>
            </>
          ) : (
            <>
              <FormField label="Consumer key" hint="ck_…" error={problems.field("consumer_key")}>
                {(control) => (
                  <Input {...control} type="password" required value={first} autoComplete="off" onChange={(event) => setFirst(event.target.value)} />
                )}
              </FormField>
              <FormField label="Consumer secret" hint="cs_…" error={problems.field("consumer_secret")}>
                {(control) => (
                  <Input {...control} type="password" required value={second} autoComplete="new-password" onChange={(event) => setSecond(event.target.value)} />
                )}
              </FormField>
            </>
          )}
          <FormAlert messages={problems.rest} title="Not connected" />
          <DialogFooter>
            <Button type="submit" disabled={mutation.isPending}>
              {mutation.isPending ? "Checking the connection…" : "Check and connect"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function ConnectionsTable({ kind, rows, canEdit }: { kind: Kind; rows: (Site | Store)[]; canEdit: boolean }) {
  const removeSite = useRemoveSite();
  const removeStore = useRemoveStore();
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>Address</TableHead>
          <TableHead>{kind === "wordpress" ? "Account" : "Key"}</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Checked</TableHead>
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.id}>
            <TableCell className="font-medium">{row.name}</TableCell>
            <TableCell>
              <a href={row.url} target="_blank" rel="noopener noreferrer" className="inline-flex items-center gap-1 underline underline-offset-4">
                {row.url}
                <ExternalLink aria-hidden="true" className="size-3" />
                <span className="sr-only">(opens in a new tab)</span>
              </a>
            </TableCell>
            <TableCell>
              {"username" in row ? `${row.remote_user_name ?? row.username}${row.remote_roles.length ? ` (${row.remote_roles.join(", ")})` : ""}` : row.key_hint}
            </TableCell>
            <TableCell className="max-w-72 whitespace-normal">
              <ConnectionBadge status={row.status} />
              {row.status_detail ? <p className="mt-1 text-xs text-muted-foreground">{row.status_detail}</p> : null}
            </TableCell>
            <TableCell>{row.checked_at ? <time dateTime={row.checked_at}>{formatRelative(row.checked_at)}</time> : "never"}</TableCell>
            <TableCell>
              {canEdit ? (
                <ConfirmButton
                  label={
                    <>
                      Remove<span className="sr-only"> {row.name}</span>
                    </>
                  }
                  title={`Remove ${row.name}?`}
                  description={
                    kind === "wordpress"
                      ? "Its publish records and link index are forgotten. The site and its posts are not touched."
                      : "Its write records are forgotten. The store and its products are not touched."
                  }
                  confirmLabel="Remove"
                  onConfirm={() =>
                    (kind === "wordpress" ? removeSite : removeStore).mutateAsync(row.id).then(() => toast({ title: `${row.name} removed` }))
                  }
                />
              ) : null}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function ConnectionsTab({ kind }: { kind: Kind }) {
  const sites = useSites();
  const stores = useStores();
  const checkSites = useCheckSites();
  const checkStores = useCheckStores();
  const query = kind === "wordpress" ? sites : stores;
  const check = kind === "wordpress" ? checkSites : checkStores;
  const canEdit = useCan("admin");
  const rows: (Site | Store)[] | undefined = query.data;

  return (
    <div className="grid gap-4">
      <SectionHeader
        title={TEXT[kind].title}
        description={TEXT[kind].description}
        action={
          <div className="flex gap-2">
            {rows && rows.length > 0 ? (
              <Button variant="outline" disabled={check.isPending} onClick={() => check.mutate()}>
                {check.isPending ? "Checking…" : "Check now"}
              </Button>
            ) : null}
            {canEdit ? <ConnectDialog kind={kind} /> : null}
          </div>
        }
      />
      {!canEdit ? <ReadOnlyNote needs="admin" /> : null}
      {check.isError ? (
        <Alert variant="destructive">
          <AlertTitle>Could not check</AlertTitle>
          <AlertDescription>{errorMessage(check.error)}</AlertDescription>
        </Alert>
      ) : null}
      {query.isPending ? (
        <LoadingRows rows={2} label={`Loading ${TEXT[kind].title}`} />
      ) : query.isError ? (
        <ErrorState error={query.error} title={`Could not load the ${TEXT[kind].title}`} onRetry={() => void query.refetch()} />
      ) : !rows || rows.length === 0 ? (
        <EmptyState icon={kind === "wordpress" ? Globe : ShoppingCart} title={TEXT[kind].empty}>
          {TEXT[kind].emptyText}
        </EmptyState>
      ) : (
        <ConnectionsTable kind={kind} rows={rows} canEdit={canEdit} />
      )}
    </div>
  );
}
