import { Loader2 } from "lucide-react";
import { useMemo, useState, type ReactNode } from "react";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Textarea } from "@/components/ui/textarea";
import { ApiProblem, errorMessage } from "@/lib/problems";
import { directionOf } from "@/lib/direction";
import { charCount, limitOf, useContentContract, useContractCheck } from "@/lib/contract";
import { checkProblems, contractProblems, problemsByField } from "@/lib/contract-problems";
import { ProblemList } from "@/components/generation/contract-check";
import { EditActions } from "@/components/generation/edit-actions";
import { useCheckedSave } from "@/lib/use-checked-save";

import type { Article, DocumentPublic } from "../api/studio";
import { previewDocument, readBody } from "../lib/body";
import { LengthMeter, SeoPanel } from "./seo-panel";

interface Draft {
  title: string;
  excerpt: string;
  seoTitle: string;
  metaDesc: string;
  slug: string;
  bodyHtml: string;
  schemaLd: string;
}

function draftOf(article: Article): Draft {
  return {
    title: article.title,
    excerpt: article.excerpt,
    seoTitle: article.meta.seo_title,
    metaDesc: article.meta.meta_desc,
    slug: article.meta.slug,
    bodyHtml: article.body_html,
    schemaLd: JSON.stringify(article.schema_ld_json, null, 2),
  };
}

function parseLd(text: string): { value: Record<string, unknown> | null; error: string | null } {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) return { value: null, error: "The JSON-LD must be one JSON object." };
    return { value: value as Record<string, unknown>, error: null };
  } catch (error) {
    return { value: null, error: `The JSON-LD is not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The form field that shows a broken rule of the article's `path`, if one does. */
function fieldOf(path: string): string | null {
  if (path === "title" || path === "excerpt") return path;
  if (path.startsWith("meta.seo_title")) return "seoTitle";
  if (path.startsWith("meta.meta_desc")) return "metaDesc";
  if (path.startsWith("meta.slug")) return "slug";
  if (path.startsWith("schema_ld_json")) return "schemaLd";
  if (path.startsWith("body_html") || path.startsWith("headings") || path.startsWith("internal_links")) return "bodyHtml";
  return null;
}

/**
 * One saved version of an article: its preview (server-sanitized HTML in a sandboxed frame),
 * an editor for every field, and the SEO panel on what is being typed. What is typed is
 * checked by the server's contract (a dry run, nothing stored) once typing pauses, and again
 * before a save; a save that breaks a rule is not sent, and the server re-checks every edit.
 */
export function ArticleWorkspace({
  document,
  article,
  version,
  onDirtyChange,
}: {
  document: DocumentPublic;
  article: Article;
  version: number;
  onDirtyChange: (dirty: boolean) => void;
}) {
  const saved = useMemo(() => draftOf(article), [article]);
  const [draft, setDraft] = useState<Draft>(saved);
  const { edit, checking, save } = useCheckedSave({ documentId: document.id, kind: "article", meets: "the content contract", onSaved: () => onDirtyChange(false) });
  const dir = directionOf(article.language);
  const body = useMemo(() => readBody(draft.bodyHtml), [draft.bodyHtml]);
  const ld = useMemo(() => parseLd(draft.schemaLd), [draft.schemaLd]);
  const dirty = (Object.keys(saved) as (keyof Draft)[]).some((key) => saved[key] !== draft[key]);
  const contract = useContentContract();
  const content = useMemo<Article | null>(
    () =>
      ld.value === null
        ? null
        : {
            ...article,
            title: draft.title,
            excerpt: draft.excerpt,
            body_html: draft.bodyHtml,
            // The contract wants the headings list to be the body's headings in order.
            headings: body.headings,
            meta: { seo_title: draft.seoTitle, meta_desc: draft.metaDesc, slug: draft.slug },
            schema_ld_json: ld.value,
          },
    [article, body.headings, draft, ld.value],
  );
  const check = useContractCheck("article", content);
  const refused = contractProblems(edit.error);
  const found = check.data && check.current ? checkProblems(check.data) : [];
  // A refused save names what the server found; otherwise what the check of what is typed found.
  const shown = refused.length ? refused : found;
  const placed = problemsByField(shown, fieldOf);
  const conflict = edit.error instanceof ApiProblem && edit.error.status === 409;
  const limit = (field: string) => limitOf(contract.data, "article", field);

  const change = (key: keyof Draft, value: string) => {
    const next = { ...draft, [key]: value };
    setDraft(next);
    onDirtyChange((Object.keys(saved) as (keyof Draft)[]).some((name) => saved[name] !== next[name]));
  };

  const fieldError = (key: keyof Draft) => placed.byField[key]?.join(" · ");

  const preview = previewDocument({ title: article.title, html: article.body_html, language: article.language, direction: dir });

  const checkSummary: ReactNode = edit.isError ? (
    refused.length ? (
      <Alert variant="destructive">
        <AlertTitle>The server refused the edit: {refused.length} rule(s) broken</AlertTitle>
        <AlertDescription>
          <ProblemList problems={refused} />
        </AlertDescription>
      </Alert>
    ) : (
      <Alert variant="destructive">
        <AlertTitle>{conflict ? "Someone saved another version first" : "The edit was not saved"}</AlertTitle>
        <AlertDescription>
          <p>{errorMessage(edit.error)}</p>
          {conflict ? <p>Your edit is kept as a draft of the document (see the Library).</p> : null}
        </AlertDescription>
      </Alert>
    )
  ) : content === null ? (
    <p className="text-sm text-muted-foreground">Make the JSON-LD valid JSON to have the edit checked.</p>
  ) : check.isError ? (
    <Alert variant="destructive">
      <AlertTitle>The edit could not be checked</AlertTitle>
      <AlertDescription>{errorMessage(check.error)}</AlertDescription>
    </Alert>
  ) : !check.current ? (
    <p className="flex items-center gap-2 text-sm text-muted-foreground" role="status">
      <Loader2 aria-hidden="true" className="size-4 animate-spin" />
      Checking {dirty ? "your edits" : `version ${String(version)}`} against the contract…
    </p>
  ) : found.length ? (
    <Alert variant="destructive">
      <AlertTitle>
        {dirty ? "Your edits break" : `Version ${String(version)} breaks`} {found.length} rule(s) of the contract
      </AlertTitle>
      <AlertDescription>
        <ProblemList problems={found} />
      </AlertDescription>
    </Alert>
  ) : (
    <p className="text-sm" role="status">
      {dirty ? "Your edits meet" : `Version ${String(version)} meets`} every rule of the article contract (checked by the server; nothing is stored until you save).
    </p>
  );

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <Card>
        <CardHeader>
          <CardTitle>
            <span dir={dir} lang={article.language}>
              {article.title}
            </span>
          </CardTitle>
          <CardDescription>
            Version {version} · {contract.data?.languages.find((entry) => entry.code === article.language)?.name ?? article.language} · {body.words} words
          </CardDescription>
        </CardHeader>
        <CardContent>
          <Tabs defaultValue="preview">
            <TabsList aria-label="Article views">
              <TabsTrigger value="preview">Preview</TabsTrigger>
              <TabsTrigger value="edit">Edit{dirty ? " •" : ""}</TabsTrigger>
            </TabsList>
            <TabsContent value="preview">
              <p className="mb-2 text-xs text-muted-foreground">The saved version {version}, as the server sanitized it.</p>
              <iframe
                title="Article preview"
                sandbox=""
                referrerPolicy="no-referrer"
                srcDoc={preview}
                className="h-[32rem] w-full resize-y rounded-md border bg-white"
              />
            </TabsContent>
            <TabsContent value="edit">
              <form onSubmit={(event) => void save(event, version, content)} noValidate className="grid gap-4" aria-label="Edit the article">
                <FormField label="Title" error={fieldError("title")}>
                  {(control) => <Input {...control} dir={dir} value={draft.title} onChange={(event) => change("title", event.target.value)} />}
                </FormField>
                <LengthMeter length={charCount(draft.title)} limit={limit("title")} />
                <FormField label="Excerpt" error={fieldError("excerpt")} hint={<LengthMeter length={charCount(draft.excerpt)} limit={limit("excerpt")} />}>
                  {(control) => <Textarea {...control} dir={dir} rows={2} value={draft.excerpt} onChange={(event) => change("excerpt", event.target.value)} />}
                </FormField>
                <FormField label="SEO title" error={fieldError("seoTitle")} hint={<LengthMeter length={charCount(draft.seoTitle)} limit={limit("meta.seo_title")} />}>
                  {(control) => <Input {...control} dir={dir} value={draft.seoTitle} onChange={(event) => change("seoTitle", event.target.value)} />}
                </FormField>
                <FormField
                  label="Meta description"
                  error={fieldError("metaDesc")}
                  hint={<LengthMeter length={charCount(draft.metaDesc)} limit={limit("meta.meta_desc")} />}
                >
                  {(control) => <Textarea {...control} dir={dir} rows={3} value={draft.metaDesc} onChange={(event) => change("metaDesc", event.target.value)} />}
                </FormField>
                <FormField label="Slug" error={fieldError("slug")}>
                  {(control) => <Input {...control} dir="ltr" className="font-mono" value={draft.slug} onChange={(event) => change("slug", event.target.value)} />}
                </FormField>
                <FormField
                  label="Body (HTML)"
                  error={fieldError("bodyHtml")}
                  hint="Plain <p>, <h2>–<h6>, <ul>, <ol>, <li>, <a href>, <strong> and <em>; the headings list is rebuilt from it."
                >
                  {(control) => (
                    <Textarea {...control} dir={dir} rows={14} className="font-mono text-xs" value={draft.bodyHtml} onChange={(event) => change("bodyHtml", event.target.value)} />
                  )}
                </FormField>
                <FormField label="JSON-LD" error={fieldError("schemaLd") ?? ld.error ?? undefined}>
                  {(control) => (
                    <Textarea {...control} dir="ltr" rows={8} className="font-mono text-xs" value={draft.schemaLd} onChange={(event) => change("schemaLd", event.target.value)} />
                  )}
                </FormField>
                {placed.unplaced.length ? (
                  <Alert variant="destructive">
                    <AlertTitle>Other rules the edit breaks</AlertTitle>
                    <AlertDescription>
                      <ProblemList problems={placed.unplaced} />
                    </AlertDescription>
                  </Alert>
                ) : null}
                <EditActions
                  dirty={dirty}
                  saving={edit.isPending}
                  checking={checking} blocked={ld.value === null}
                  onDiscard={() => {
                    setDraft(saved);
                    edit.reset();
                    onDirtyChange(false);
                  }}
                />
              </form>
            </TabsContent>
          </Tabs>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>SEO</CardTitle>
          <CardDescription>Counts follow your edits as you type; the rules are the server&apos;s own check of what you typed.</CardDescription>
        </CardHeader>
        <CardContent>
          <SeoPanel
            language={article.language}
            seoTitle={draft.seoTitle}
            metaDesc={draft.metaDesc}
            slug={draft.slug}
            keywords={article.keywords ?? []}
            leadLabel="first paragraph"
            contract={contract.data}
            verdict={check.data && check.current ? found : null}
            headings={body.headings}
            internalLinks={article.internal_links ?? []}
            schemaLd={{ text: draft.schemaLd, error: ld.error }}
            checkSummary={checkSummary}
          />
        </CardContent>
      </Card>
    </div>
  );
}
