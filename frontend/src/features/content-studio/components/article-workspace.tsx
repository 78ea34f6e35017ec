import { Loader2, RotateCcw, Save } from "lucide-react";
import { useMemo, useState, type SyntheticEvent } from "react";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toast";
import { ApiProblem, errorMessage } from "@/lib/problems";

import { useEditDocument, type Article, type DocumentPublic } from "../api/studio";
import { previewDocument, readBody } from "../lib/body";
import { EXCERPT_MAX, META_DESC_MAX, META_DESC_MIN, SEO_TITLE_MAX, TITLE_MAX, directionOf, languageName } from "../lib/contract";
import { contractProblems, problemsByField, type ContractProblem } from "../lib/contract-problems";
import { charCount, LengthMeter, SeoPanel } from "./seo-panel";

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

function ProblemList({ problems }: { problems: ContractProblem[] }) {
  return (
    <ul className="grid list-disc gap-1 ps-4 text-sm">
      {problems.map((problem, index) => (
        <li key={`${String(index)}-${problem.field}`}>
          <span className="font-mono text-xs">{problem.field}</span>: {problem.message}
        </li>
      ))}
    </ul>
  );
}

/**
 * One saved version of an article: its preview (server-sanitized HTML in a sandboxed frame),
 * an editor for every field, and the SEO panel on what is being typed. Saving sends the edit
 * to the server, which checks it against the contract before storing it as the next version.
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
  const edit = useEditDocument(document.id);
  const dir = directionOf(article.language);
  const body = useMemo(() => readBody(draft.bodyHtml), [draft.bodyHtml]);
  const ld = useMemo(() => parseLd(draft.schemaLd), [draft.schemaLd]);
  const dirty = (Object.keys(saved) as (keyof Draft)[]).some((key) => saved[key] !== draft[key]);
  const refused = contractProblems(edit.error);
  const placed = problemsByField(refused, fieldOf);
  const conflict = edit.error instanceof ApiProblem && edit.error.status === 409;

  const change = (key: keyof Draft, value: string) => {
    const next = { ...draft, [key]: value };
    setDraft(next);
    onDirtyChange((Object.keys(saved) as (keyof Draft)[]).some((name) => saved[name] !== next[name]));
  };

  const fieldError = (key: keyof Draft) => placed.byField[key]?.join(" · ");

  const save = (event: SyntheticEvent) => {
    event.preventDefault();
    if (edit.isPending || ld.value === null) return;
    const content: Article = {
      ...article,
      title: draft.title,
      excerpt: draft.excerpt,
      body_html: draft.bodyHtml,
      // The contract wants the headings list to be the body's headings in order.
      headings: body.headings,
      meta: { seo_title: draft.seoTitle, meta_desc: draft.metaDesc, slug: draft.slug },
      schema_ld_json: ld.value,
    };
    edit.mutate(
      { baseVersion: version, content },
      {
        onSuccess: (updated) => {
          onDirtyChange(false);
          toast({ title: `Saved as version ${String(updated.current_version)}`, description: "It meets the content contract.", variant: "success" });
        },
      },
    );
  };

  const preview = previewDocument({ title: article.title, html: article.body_html, language: article.language, direction: dir });

  const contract = edit.isError ? (
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
  ) : dirty ? (
    <p className="text-sm text-muted-foreground">Unsaved edits: save them to have the server check them against the contract. The checks above follow what you type.</p>
  ) : (
    <p className="flex items-start gap-2 text-sm">
      Version {version} meets every rule of the article contract: the server checked it when it was {version === 1 ? "generated" : "stored"}.
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
            Version {version} · {languageName(article.language)} · {body.words} words
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
              <form onSubmit={save} noValidate className="grid gap-4" aria-label="Edit the article">
                <FormField label="Title" error={fieldError("title")}>
                  {(control) => <Input {...control} dir={dir} value={draft.title} onChange={(event) => change("title", event.target.value)} />}
                </FormField>
                <LengthMeter length={charCount(draft.title)} max={TITLE_MAX} />
                <FormField label="Excerpt" error={fieldError("excerpt")} hint={<LengthMeter length={charCount(draft.excerpt)} max={EXCERPT_MAX} />}>
                  {(control) => <Textarea {...control} dir={dir} rows={2} value={draft.excerpt} onChange={(event) => change("excerpt", event.target.value)} />}
                </FormField>
                <FormField label="SEO title" error={fieldError("seoTitle")} hint={<LengthMeter length={charCount(draft.seoTitle)} max={SEO_TITLE_MAX} />}>
                  {(control) => <Input {...control} dir={dir} value={draft.seoTitle} onChange={(event) => change("seoTitle", event.target.value)} />}
                </FormField>
                <FormField
                  label="Meta description"
                  error={fieldError("metaDesc")}
                  hint={<LengthMeter length={charCount(draft.metaDesc)} min={META_DESC_MIN} max={META_DESC_MAX} />}
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
                <div className="flex flex-wrap gap-2">
                  <Button type="submit" disabled={!dirty || edit.isPending || ld.value === null} aria-busy={edit.isPending}>
                    {edit.isPending ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Save aria-hidden="true" />}
                    Save and re-check
                  </Button>
                  <Button
                    variant="outline"
                    disabled={!dirty || edit.isPending}
                    onClick={() => {
                      setDraft(saved);
                      edit.reset();
                      onDirtyChange(false);
                    }}
                  >
                    <RotateCcw aria-hidden="true" />
                    Discard edits
                  </Button>
                </div>
              </form>
            </TabsContent>
          </Tabs>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>SEO</CardTitle>
          <CardDescription>Follows your edits as you type; the server has the last word when you save.</CardDescription>
        </CardHeader>
        <CardContent>
          <SeoPanel
            language={article.language}
            title={draft.title}
            seoTitle={draft.seoTitle}
            metaDesc={draft.metaDesc}
            slug={draft.slug}
            keywords={article.keywords ?? []}
            lead={{ label: "first paragraph", text: body.firstParagraph }}
            headings={{ body: body.headings, declared: (article.headings ?? []).map((heading) => ({ level: heading.level, text: heading.text.replace(/\s+/gu, " ").trim() })) }}
            internalLinks={article.internal_links ?? []}
            bodyLinks={body.links}
            schemaLd={{ text: draft.schemaLd, error: ld.error }}
            contract={contract}
          />
        </CardContent>
      </Card>
    </div>
  );
}
