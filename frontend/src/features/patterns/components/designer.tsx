import { Copy, Loader2, Save } from "lucide-react";
import { useId, useRef, useState, type SyntheticEvent } from "react";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toast";
import { errorMessage } from "@/lib/problems";
import { useRun } from "@/lib/run";
import { RunProgress } from "@/components/generation/run-progress";
import { directionOf } from "@/lib/direction";
import { useDocument, useVersionBody } from "@/lib/documents";
import { StartButton, StartProblems } from "@/components/generation/start-controls";
import { placeErrors } from "@/lib/form-problems";

import { useCreateTemplate, useStartPattern, type StartedRun } from "../api/patterns";
import { knownLanguage, LANGUAGES, PATTERN_NODES, type Language, type PatternResult } from "../lib/pattern";
import { CategorySuggestions } from "./category-suggestions";
import { PatternPreview } from "./pattern-preview";

const AUTO = "auto";

/** What the pattern should show: a description, optionally its category and language. */
export function PatternBriefForm({ onStarted }: { onStarted: (run: StartedRun) => void }) {
  const [description, setDescription] = useState("");
  const [category, setCategory] = useState("");
  const [language, setLanguage] = useState<Language | typeof AUTO>(AUTO);
  const [local, setLocal] = useState<string | undefined>();
  const start = useStartPattern();
  const suggestions = useId();
  const busy = useRef(false);
  const placed = placeErrors(start.error, ["description", "category", "language"]);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (busy.current) return;
    const problem = description.trim().length < 5 ? "Describe the pattern in at least 5 characters." : undefined;
    setLocal(problem);
    if (problem) return;
    busy.current = true;
    try {
      onStarted(
        await start.mutateAsync({
          description: description.trim(),
          category: category.trim() || null,
          language: language === AUTO ? null : language,
        }),
      );
    } catch {
      // shown from start.error
    } finally {
      busy.current = false;
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate className="grid gap-4" aria-label="Pattern brief">
      <FormField label="Description" error={local ?? placed.fields.description} hint="What the pattern shows, e.g. “Hero with a call to action for a small bakery” (5–500 characters).">
        {(control) => (
          <Textarea
            {...control}
            rows={3}
            maxLength={500}
            dir={language === AUTO ? "auto" : directionOf(language)}
            value={description}
            onChange={(event) => setDescription(event.target.value)}
          />
        )}
      </FormField>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Category" error={placed.fields.category} hint="Optional: one of WordPress's, e.g. banner or call-to-action, or your own.">
          {(control) => (
            <>
              <Input {...control} list={suggestions} maxLength={100} value={category} onChange={(event) => setCategory(event.target.value)} />
              <CategorySuggestions id={suggestions} />
            </>
          )}
        </FormField>
        <FormField label="Language" error={placed.fields.language}>
          {(control) => (
            <Select value={language} onValueChange={(value) => setLanguage(value as Language | typeof AUTO)}>
              <SelectTrigger {...control}>
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value={AUTO}>The brief&apos;s own language</SelectItem>
                {LANGUAGES.map((option) => (
                  <SelectItem key={option.code} value={option.code}>
                    {option.name}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          )}
        </FormField>
      </div>
      <StartProblems title="The pattern could not be started" error={start.error} placed={placed} />
      <StartButton label="Design pattern" pending={start.isPending} />
    </form>
  );
}

function SaveTemplateForm({ pattern }: { pattern: PatternResult }) {
  const [name, setName] = useState(
    pattern.spec.title
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 100),
  );
  const [category, setCategory] = useState(pattern.spec.category);
  const suggestions = useId();
  const create = useCreateTemplate();
  // A taken name answers 409 naming the name field in its errors, as a 422 names invalid fields.
  const placed = placeErrors(create.error, ["name", "category"]);

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (create.isPending || !name.trim()) return;
    create.mutate(
      { name: name.trim(), spec: pattern.spec, category: category.trim() || null },
      { onSuccess: (saved) => toast({ title: `Saved “${saved.name}” to the library`, description: `Category: ${saved.category}`, variant: "success" }) },
    );
  };

  return (
    <form onSubmit={submit} noValidate className="grid gap-3" aria-label="Save to the template library">
      <div className="grid gap-3 sm:grid-cols-2">
        <FormField label="Template name" error={placed.fields.name ?? (name.trim() ? undefined : "Give the template a name.")}>
          {(control) => <Input {...control} maxLength={100} value={name} onChange={(event) => setName(event.target.value)} />}
        </FormField>
        <FormField label="Template category" error={placed.fields.category} hint="The library's filter groups templates by it.">
          {(control) => (
            <>
              <Input {...control} list={suggestions} maxLength={100} value={category} onChange={(event) => setCategory(event.target.value)} />
              <CategorySuggestions id={suggestions} />
            </>
          )}
        </FormField>
      </div>
      {create.isError && Object.keys(placed.fields).length === 0 ? (
        <p role="alert" className="text-sm text-destructive">
          {placed.other.length ? placed.other.join("; ") : errorMessage(create.error)}
        </p>
      ) : null}
      {create.data ? <p className="text-sm text-success">Saved as “{create.data.name}” in {create.data.category}.</p> : null}
      <div>
        <Button type="submit" variant="secondary" disabled={create.isPending || !name.trim()} aria-busy={create.isPending}>
          {create.isPending ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Save aria-hidden="true" />}
          Save to library
        </Button>
      </div>
    </form>
  );
}

async function copyText(text: string): Promise<void> {
  await navigator.clipboard.writeText(text);
}

/** A finished pattern: the preview in a sandboxed frame, its block markup, and saving it. */
function PatternResultView({ documentId }: { documentId: string }) {
  const document = useDocument(documentId);
  const version = document.data && document.data.current_version > 0 ? document.data.current_version : undefined;
  const body = useVersionBody(documentId, version);
  const codeRef = useRef<HTMLTextAreaElement>(null);

  if (document.isError) return <ErrorState error={document.error} title="The pattern could not be loaded" onRetry={() => void document.refetch()} />;
  if (body.isError) return <ErrorState error={body.error} title="The pattern could not be loaded" onRetry={() => void body.refetch()} />;
  if (!body.data?.body) {
    return (
      <div role="status" className="grid gap-3">
        <span className="sr-only">Loading the pattern…</span>
        <Skeleton className="h-80 w-full" />
      </div>
    );
  }
  const pattern = body.data.body as unknown as PatternResult;
  const language = knownLanguage(pattern.asks?.language ?? document.data?.language);

  const copy = () => {
    copyText(pattern.markup).then(
      () => toast({ title: "Block markup copied", description: "Paste it into the WordPress code editor.", variant: "success" }),
      () => {
        // No clipboard permission: select the markup so Ctrl+C copies it.
        codeRef.current?.focus();
        codeRef.current?.select();
        toast({ title: "Press Ctrl+C to copy", description: "The markup is selected." });
      },
    );
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>{pattern.spec.title}</CardTitle>
        <CardDescription className="flex flex-wrap items-center gap-2">
          <Badge variant="outline">{pattern.spec.category}</Badge>
          {Object.entries(pattern.asks ?? {}).map(([key, value]) => (
            <Badge key={key} variant="secondary">
              {key}: {String(value)}
            </Badge>
          ))}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <Tabs defaultValue="preview">
          <TabsList aria-label="Pattern views">
            <TabsTrigger value="preview">Preview</TabsTrigger>
            <TabsTrigger value="markup">Block markup</TabsTrigger>
          </TabsList>
          <TabsContent value="preview" className="grid gap-2">
            <p className="text-xs text-muted-foreground">
              The block markup as a block theme shows it: rendered and sanitized by the server, with its colours and layout, in a frame that runs no script.
            </p>
            <PatternPreview source={{ markup: pattern.markup }} language={language} title={pattern.spec.title} frameTitle="Pattern preview" className="h-[32rem] resize-y" />
          </TabsContent>
          <TabsContent value="markup" className="grid gap-2">
            <label htmlFor="pattern-markup" className="text-sm font-medium">
              Gutenberg block markup
            </label>
            <Textarea id="pattern-markup" ref={codeRef} readOnly rows={14} dir="ltr" className="font-mono text-xs" value={pattern.markup} />
          </TabsContent>
        </Tabs>
        <div>
          <Button variant="outline" onClick={copy}>
            <Copy aria-hidden="true" />
            Copy markup
          </Button>
        </div>
        <SaveTemplateForm pattern={pattern} />
      </CardContent>
    </Card>
  );
}

/** A pattern run followed live until it settles, then the pattern. */
export function PatternRun({ executionId, documentId }: { executionId: string; documentId: string }) {
  const run = useRun(executionId);
  if (run.error) return <ErrorState error={run.error} title="This run could not be followed" />;
  if (run.settled && run.status?.status === "completed") return <PatternResultView documentId={documentId} />;
  const failed = run.settled && run.status !== undefined;
  return (
    <Card aria-busy={!failed}>
      <CardHeader>
        <CardTitle>{failed ? "The pattern was not finished" : "Designing the pattern"}</CardTitle>
      </CardHeader>
      <CardContent className="grid gap-4">
        <RunProgress status={run.status} stale={run.stale} labels={PATTERN_NODES} />
        {failed ? (
          <Alert variant="destructive">
            <AlertTitle>Run {run.status?.status}</AlertTitle>
            <AlertDescription>
              <p>{run.status?.error ?? "The run stopped before the pattern was complete."}</p>
            </AlertDescription>
          </Alert>
        ) : null}
      </CardContent>
    </Card>
  );
}
