import { CheckCircle2, Loader2, Plug, Plus, XCircle } from "lucide-react";
import { useState, type SyntheticEvent } from "react";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { LoadingRows } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { errorMessage } from "@/lib/problems";
import { useOnce } from "@/lib/use-once";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { FormAlert } from "@/components/ui/form-alert";
import { formProblems } from "@/lib/form-problems";

import { useTestProvider } from "../api/provider-test";
import {
  PROVIDER_KINDS,
  useCreateProvider,
  useDeleteProvider,
  useProviders,
  useReplaceProviderKey,
  type Provider,
  type ProviderCreate,
} from "../api/settings";
import { ReadOnlyNote, SectionHeader, useCan } from "./shared";

const NEEDS_URL = new Set(["ollama", "openai-compatible", "vllm", "llamacpp", "lmstudio"]);
const NEEDS_KEY = new Set(["openai", "anthropic", "gemini"]);
const FIELDS = ["name", "kind", "base_url", "api_key", "models", "requests_per_minute", "tokens_per_minute"] as const;

function optionalInt(text: string): number | null {
  const trimmed = text.trim();
  return trimmed === "" ? null : Number(trimmed);
}

function AddProvider() {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [kind, setKind] = useState<ProviderCreate["kind"]>("openai");
  const [baseUrl, setBaseUrl] = useState("");
  const [apiKey, setApiKey] = useState("");
  const [models, setModels] = useState("");
  const [rpm, setRpm] = useState("");
  const [tpm, setTpm] = useState("");
  const create = useCreateProvider();
  const once = useOnce();
  const problems = formProblems(create.error, FIELDS, "name");

  const reset = () => {
    setName("");
    setKind("openai");
    setBaseUrl("");
    setApiKey("");
    setModels("");
    setRpm("");
    setTpm("");
    create.reset();
  };

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    once((done) =>
      create.mutate(
        {
          name: name.trim(),
          kind,
          base_url: baseUrl.trim() || null,
          api_key: apiKey || null,
          models: models
            .split(/[\s,]+/)
            .map((entry) => entry.trim())
            .filter(Boolean),
          requests_per_minute: optionalInt(rpm),
          tokens_per_minute: optionalInt(tpm),
        },
        {
          onSuccess: (provider) => {
            toast({ title: "Provider added", description: `Its models are named ${provider.name}:<model>.`, variant: "success" });
            setOpen(false);
            reset();
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
        setOpen(next);
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button>
          <Plus aria-hidden="true" />
          Add provider
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-xl">
        <DialogHeader>
          <DialogTitle>Add a provider</DialogTitle>
          <DialogDescription>The key is stored encrypted and never shown again; only its last four characters are.</DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField label="Name" hint="Lower case; the first part of model ids (name:model)." error={problems.field("name")}>
              {(control) => <Input {...control} value={name} required maxLength={64} autoComplete="off" onChange={(event) => setName(event.target.value)} />}
            </FormField>
            <FormField label="Kind" error={problems.field("kind")}>
              {(control) => (
                <Select value={kind} onValueChange={(value) => setKind(value as ProviderCreate["kind"])}>
                  <SelectTrigger {...control}>
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    {PROVIDER_KINDS.map((entry) => (
                      <SelectItem key={entry} value={entry}>
                        {entry}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              )}
            </FormField>
          </div>
          <FormField
            label={NEEDS_URL.has(kind) ? "Base URL" : "Base URL (optional)"}
            hint={NEEDS_URL.has(kind) ? "Where the server answers, e.g. http://127.0.0.1:11434." : undefined}
            error={problems.field("base_url")}
          >
            {(control) => <Input {...control} type="url" value={baseUrl} maxLength={500} onChange={(event) => setBaseUrl(event.target.value)} />}
          </FormField>
          <FormField label={NEEDS_KEY.has(kind) ? "API key" : "API key (optional)"} error={problems.field("api_key")}>
            {(control) => (
              <Input {...control} type="password" autoComplete="new-password" value={apiKey} maxLength={500} onChange={(event) => setApiKey(event.target.value)} />
            )}
          </FormField>
          <FormField label="Models (optional)" hint="Model names, separated by commas or spaces." error={problems.field("models")}>
            {(control) => <Input {...control} value={models} onChange={(event) => setModels(event.target.value)} />}
          </FormField>
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField label="Requests per minute (optional)" error={problems.field("requests_per_minute")}>
              {(control) => <Input {...control} type="number" min={1} inputMode="numeric" value={rpm} onChange={(event) => setRpm(event.target.value)} />}
            </FormField>
            <FormField label="Tokens per minute (optional)" error={problems.field("tokens_per_minute")}>
              {(control) => <Input {...control} type="number" min={1} inputMode="numeric" value={tpm} onChange={(event) => setTpm(event.target.value)} />}
            </FormField>
          </div>
          <FormAlert messages={problems.rest} title="Not added" />
          <DialogFooter>
            <Button type="submit" disabled={create.isPending}>
              {create.isPending ? "Adding…" : "Add provider"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function ReplaceKey({ provider }: { provider: Provider }) {
  const [open, setOpen] = useState(false);
  const [apiKey, setApiKey] = useState("");
  const replace = useReplaceProviderKey();
  const once = useOnce();
  const problems = formProblems(replace.error, ["api_key"]);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) {
          setApiKey("");
          replace.reset();
        }
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline" size="sm">
          {provider.has_api_key ? "Replace key" : "Set key"}
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>
            {provider.has_api_key ? "Replace" : "Set"} the key of {provider.name}
          </DialogTitle>
          <DialogDescription>The new key takes effect at once; the old one is forgotten.</DialogDescription>
        </DialogHeader>
        <form
          className="grid gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            if (!apiKey) return;
            once((done) =>
              replace.mutate(
                { id: provider.id, apiKey },
                {
                  onSuccess: () => {
                    setOpen(false);
                    setApiKey("");
                    toast({ title: "Key saved", variant: "success" });
                  },
                  onSettled: done,
                },
              ),
            );
          }}
        >
          <FormField label="API key" error={problems.field("api_key")}>
            {(control) => <Input {...control} type="password" autoComplete="new-password" value={apiKey} maxLength={500} onChange={(event) => setApiKey(event.target.value)} />}
          </FormField>
          <FormAlert messages={problems.rest} />
          <DialogFooter>
            <Button type="submit" disabled={replace.isPending || !apiKey}>
              {replace.isPending ? "Saving…" : "Save key"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** The Test button: one tiny real call to the provider, and what came of it. */
function TestProvider({ provider, canTest }: { provider: Provider; canTest: boolean }) {
  const test = useTestProvider(provider.name);
  const once = useOnce();
  const result = test.data;
  return (
    <div className="grid justify-items-start gap-1">
      <Button
        variant="outline"
        size="sm"
        disabled={!canTest || test.isPending}
        title={canTest ? undefined : "Testing calls the provider: it needs the editor role."}
        onClick={() => once((done) => test.mutate(undefined, { onSettled: done }))}
      >
        {test.isPending ? <Loader2 aria-hidden="true" className="animate-spin motion-reduce:animate-none" /> : null}
        {test.isPending ? "Testing…" : result ? "Test again" : "Test"}
        <span className="sr-only"> {provider.name}</span>
      </Button>
      <div aria-live="polite" className="text-sm">
        {test.isPending ? (
          <span className="text-muted-foreground">Calling {provider.name} with a tiny prompt…</span>
        ) : test.isError ? (
          <span className="inline-flex items-start gap-1 text-destructive">
            <XCircle aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
            Not tested: {errorMessage(test.error)}
          </span>
        ) : result?.ok ? (
          <span className="inline-flex items-center gap-1">
            <CheckCircle2 aria-hidden="true" className="size-4 text-success" />
            {result.model} answered in {formatMilliseconds(result.latency_ms ?? 0)}.
          </span>
        ) : result ? (
          <span className="inline-flex items-start gap-1 break-words">
            <XCircle aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-destructive" />
            <span>
              {result.model ? `${result.model} failed` : "Failed"}: {result.error ?? "no reason given"}
            </span>
          </span>
        ) : null}
      </div>
    </div>
  );
}

function formatMilliseconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function ProvidersTab() {
  const providers = useProviders();
  const remove = useDeleteProvider();
  const canEdit = useCan("admin");
  const canTest = useCan("editor");

  return (
    <div className="grid gap-4">
      <SectionHeader
        title="Providers"
        description="Connections to model providers. A connection stored here wins over the server's environment for the same name."
        action={canEdit ? <AddProvider /> : undefined}
      />
      {!canEdit ? <ReadOnlyNote needs="admin" /> : null}
      {providers.isPending ? (
        <LoadingRows rows={3} label="Loading providers" />
      ) : providers.isError ? (
        <ErrorState error={providers.error} title="Could not load the providers" onRetry={() => void providers.refetch()} />
      ) : providers.data.length === 0 ? (
        <EmptyState icon={Plug} title="No provider stored in this workspace">
          The packaged local model and providers set in the server's environment still work; see Models for what can run.
        </EmptyState>
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>Kind</TableHead>
              <TableHead>Address</TableHead>
              <TableHead>Key</TableHead>
              <TableHead>Live test</TableHead>
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {providers.data.map((provider) => (
              <TableRow key={provider.id}>
                <TableCell className="font-medium">{provider.name}</TableCell>
                <TableCell>{provider.kind}</TableCell>
                <TableCell className="max-w-48 truncate">{provider.base_url ?? "–"}</TableCell>
                <TableCell>
                  {provider.has_api_key ? (
                    <Badge variant="outline" aria-label={`key ending in ${(provider.api_key ?? "").replace("…", "")}`}>
                      {provider.api_key ?? "set"}
                    </Badge>
                  ) : (
                    <span className="text-muted-foreground">none</span>
                  )}
                </TableCell>
                <TableCell className="max-w-80 whitespace-normal">
                  <TestProvider provider={provider} canTest={canTest} />
                </TableCell>
                <TableCell>
                  {canEdit ? (
                    <div className="flex justify-end gap-2">
                      <ReplaceKey provider={provider} />
                      <ConfirmButton
                        label="Remove"
                        title={`Remove ${provider.name}?`}
                        description={`Models named ${provider.name}:… stop working in this workspace unless the server's environment provides them.`}
                        confirmLabel="Remove provider"
                        onConfirm={() =>
                          remove.mutateAsync(provider.id).then(() => toast({ title: `${provider.name} removed` }))
                        }
                      />
                    </div>
                  ) : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
