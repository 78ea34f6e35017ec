import { Loader2 } from "lucide-react";
import { useMemo, useState, type ReactNode } from "react";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Textarea } from "@/components/ui/textarea";
import { ApiProblem, errorMessage } from "@/lib/problems";
import { cn } from "@/lib/utils";
import { directionOf } from "@/lib/direction";
import { charCount, limitOf, useContentContract, useContractCheck, wordCount, type LengthLimit } from "@/lib/contract";
import { checkProblems, contractProblems, keywordPlaced, problemsByField } from "@/lib/contract-problems";
import { Check, ProblemList } from "@/components/generation/contract-check";
import { EditActions } from "@/components/generation/edit-actions";
import { useCheckedSave } from "@/lib/use-checked-save";

import type { DocumentPublic, ProductCopy } from "../api/products";
import { lines, previewDocument } from "../lib/contract";

interface Draft {
  title: string;
  shortDescription: string;
  longDescription: string;
  bullets: string;
  tags: string;
  imageAlt: string;
  seoTitle: string;
  metaDesc: string;
  slug: string;
}

function draftOf(copy: ProductCopy): Draft {
  return {
    title: copy.title,
    shortDescription: copy.short_description,
    longDescription: copy.long_description_html,
    bullets: copy.feature_bullets.join("\n"),
    tags: copy.tags.join(", "),
    imageAlt: copy.image_alt_text,
    seoTitle: copy.meta.seo_title,
    metaDesc: copy.meta.meta_desc,
    slug: copy.meta.slug,
  };
}

export function copyOf(saved: ProductCopy, draft: Draft): ProductCopy {
  return {
    ...saved,
    title: draft.title,
    short_description: draft.shortDescription,
    long_description_html: draft.longDescription,
    feature_bullets: lines(draft.bullets),
    tags: draft.tags
      .split(",")
      .map((tag) => tag.trim())
      .filter(Boolean),
    image_alt_text: draft.imageAlt,
    meta: { seo_title: draft.seoTitle, meta_desc: draft.metaDesc, slug: draft.slug },
  };
}

function fieldOf(path: string): keyof Draft | null {
  const map: [string, keyof Draft][] = [
    ["title", "title"],
    ["short_description", "shortDescription"],
    ["long_description_html", "longDescription"],
    ["feature_bullets", "bullets"],
    ["tags", "tags"],
    ["image_alt_text", "imageAlt"],
    ["meta.seo_title", "seoTitle"],
    ["meta.meta_desc", "metaDesc"],
    ["meta.slug", "slug"],
  ];
  return map.find(([prefix]) => path === prefix || path.startsWith(`${prefix}.`))?.[1] ?? null;
}

/** "57 / 60 characters" against the contract's limit (the count alone until it is loaded). */
function Meter({ value, limit, unit = "characters" }: { value: number; limit: LengthLimit | undefined; unit?: string }) {
  if (!limit) {
    return (
      <span className="text-xs tabular-nums text-muted-foreground">
        {value} {unit}
      </span>
    );
  }
  const { min, max } = limit;
  const ok = value >= min && value <= max;
  return (
    <span className={cn("text-xs tabular-nums", ok ? "text-muted-foreground" : "font-medium text-destructive")}>
      {value} / {min > 1 ? `${String(min)}–${String(max)}` : max} {unit}
      {value > max ? ` · ${String(value - max)} over the limit` : value < min ? ` · ${String(min - value)} short` : " · within the limit"}
    </span>
  );
}

/**
 * One saved version of product copy: a preview (the server-checked description HTML in a
 * sandboxed frame), an editor for every field, and a small SEO panel on what is typed. What
 * is typed is checked by the server's contract (a dry run, nothing stored) once typing
 * pauses, and again before a save; a save that breaks a rule is not sent.
 */
export function CopyWorkspace({
  document,
  copy,
  version,
  onDraftChange,
}: {
  document: DocumentPublic;
  copy: ProductCopy;
  version: number;
  onDraftChange: (dirty: boolean) => void;
}) {
  const saved = useMemo(() => draftOf(copy), [copy]);
  const [draft, setDraft] = useState<Draft>(saved);
  const { edit, checking, save } = useCheckedSave({ documentId: document.id, kind: "product", meets: "the product copy contract", onSaved: () => onDraftChange(false) });
  const dir = directionOf(copy.language);
  const dirty = (Object.keys(saved) as (keyof Draft)[]).some((key) => saved[key] !== draft[key]);
  const contract = useContentContract();
  const content = useMemo(() => copyOf(copy, draft), [copy, draft]);
  const check = useContractCheck("product", content);
  const refused = contractProblems(edit.error);
  const found = check.data && check.current ? checkProblems(check.data) : [];
  // A refused save names what the server found; otherwise what the check of what is typed found.
  const placed = problemsByField(refused.length ? refused : found, fieldOf);
  const keywords = copy.keywords ?? [];
  const limit = (field: string) => limitOf(contract.data, "product", field);
  const [headRule, leadRule] = contract.data?.product.keyword_placement ?? [];
  const placedKeyword = (rule: string | undefined, keyword: string) =>
    check.data && check.current && rule !== undefined ? keywordPlaced(found, rule, keyword) : null;

  const change = (key: keyof Draft, value: string) => {
    const next = { ...draft, [key]: value };
    setDraft(next);
    onDraftChange((Object.keys(saved) as (keyof Draft)[]).some((name) => saved[name] !== next[name]));
  };
  const fieldError = (key: keyof Draft) => placed.byField[key]?.join(" · ");
  const tagCount = draft.tags.split(",").filter((tag) => tag.trim()).length;

  const text = (key: keyof Draft, label: string, hint?: ReactNode, rows?: number) => (
    <FormField label={label} error={fieldError(key)} hint={hint}>
      {(control) =>
        rows ? (
          <Textarea {...control} dir={dir} rows={rows} value={draft[key]} onChange={(event) => change(key, event.target.value)} />
        ) : (
          <Input {...control} dir={dir} value={draft[key]} onChange={(event) => change(key, event.target.value)} />
        )
      }
    </FormField>
  );

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <Card>
        <CardHeader>
          <CardTitle>
            <span dir={dir} lang={copy.language}>
              {copy.title}
            </span>
          </CardTitle>
          <CardDescription>Version {version} of the product copy</CardDescription>
        </CardHeader>
        <CardContent>
          <Tabs defaultValue="preview">
            <TabsList aria-label="Product copy views">
              <TabsTrigger value="preview">Preview</TabsTrigger>
              <TabsTrigger value="edit">Edit{dirty ? " •" : ""}</TabsTrigger>
            </TabsList>
            <TabsContent value="preview" className="grid gap-3">
              <div dir={dir} lang={copy.language} className="grid gap-2">
                <p className="text-sm">{copy.short_description}</p>
                <ul className="list-disc ps-5 text-sm">
                  {copy.feature_bullets.map((bullet) => (
                    <li key={bullet}>{bullet}</li>
                  ))}
                </ul>
                <p className="text-xs text-muted-foreground">
                  Tags: {copy.tags.join(", ")} · Image alt text: {copy.image_alt_text}
                </p>
              </div>
              <p className="text-xs text-muted-foreground">The long description of version {version}, as the server checked it.</p>
              <iframe
                title="Long description preview"
                sandbox=""
                referrerPolicy="no-referrer"
                srcDoc={previewDocument(copy.title, copy.long_description_html, copy.language)}
                className="h-80 w-full resize-y rounded-md border bg-white"
              />
            </TabsContent>
            <TabsContent value="edit">
              <form onSubmit={(event) => void save(event, version, content)} noValidate className="grid gap-4" aria-label="Edit the product copy">
                {text("title", "Title", <Meter value={charCount(draft.title)} limit={limit("title")} />)}
                {text("shortDescription", "Short description", <Meter value={wordCount(draft.shortDescription)} limit={limit("short_description")} unit="words" />, 3)}
                {text("longDescription", "Long description (HTML)", "Plain <p>, <ul>, <li>, <strong> and <em>.", 8)}
                {text("bullets", "Feature bullets", "One per line.", 4)}
                {text("tags", "Tags", <Meter value={tagCount} limit={limit("tags")} unit="tags" />)}
                {text("imageAlt", "Image alt text", <Meter value={charCount(draft.imageAlt)} limit={limit("image_alt_text")} />)}
                {text("seoTitle", "SEO title", <Meter value={charCount(draft.seoTitle)} limit={limit("meta.seo_title")} />)}
                {text("metaDesc", "Meta description", <Meter value={charCount(draft.metaDesc)} limit={limit("meta.meta_desc")} />, 3)}
                <FormField label="Slug" error={fieldError("slug")}>
                  {(control) => <Input {...control} dir="ltr" className="font-mono" value={draft.slug} onChange={(event) => change("slug", event.target.value)} />}
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
                  checking={checking}
                  onDiscard={() => {
                    setDraft(saved);
                    edit.reset();
                    onDraftChange(false);
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
        <CardContent className="grid gap-4">
          <section aria-label="Search snippet" className="grid gap-2">
            <div className="grid gap-1 rounded-md border p-3" dir={dir} lang={copy.language}>
              <p className="truncate text-base text-primary">{draft.seoTitle || "(no SEO title)"}</p>
              <p className="truncate text-xs text-success">/{draft.slug}</p>
              <p className="text-sm text-muted-foreground">{draft.metaDesc || "(no meta description)"}</p>
            </div>
            <dl className="grid gap-1 text-sm">
              <dt className="font-medium">SEO title</dt>
              <dd>
                <Meter value={charCount(draft.seoTitle)} limit={limit("meta.seo_title")} />
              </dd>
              <dt className="font-medium">Meta description</dt>
              <dd>
                <Meter value={charCount(draft.metaDesc)} limit={limit("meta.meta_desc")} />
              </dd>
              <dt className="font-medium">Slug</dt>
              <dd className="break-all font-mono text-xs">{draft.slug || "(none)"}</dd>
            </dl>
          </section>
          <section aria-label="Keyword placement" className="grid gap-2">
            <h3 className="text-sm font-semibold">Keyword placement</h3>
            {keywords.length === 0 ? (
              <p className="text-sm text-muted-foreground">No keywords were given, so none has to be placed.</p>
            ) : (
              <ul className="grid gap-1">
                {keywords.map((keyword) => (
                  <li key={keyword} className="grid gap-1 rounded-md border p-2">
                    <span className="text-sm font-medium" dir={dir}>
                      {keyword}
                    </span>
                    <ul className="grid gap-1">
                      <Check ok={placedKeyword(headRule?.rule, keyword)}>
                        in the title, SEO title or meta description
                      </Check>
                      <Check ok={placedKeyword(leadRule?.rule, keyword)}>in the short description</Check>
                    </ul>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-label="Contract check" className="grid gap-2">
            <h3 className="text-sm font-semibold">Contract check</h3>
            {edit.isError ? (
              refused.length ? (
                <Alert variant="destructive">
                  <AlertTitle>The server refused the edit: {refused.length} rule(s) broken</AlertTitle>
                  <AlertDescription>
                    <ProblemList problems={refused} />
                  </AlertDescription>
                </Alert>
              ) : (
                <Alert variant="destructive">
                  <AlertTitle>{edit.error instanceof ApiProblem && edit.error.status === 409 ? "Someone saved another version first" : "The edit was not saved"}</AlertTitle>
                  <AlertDescription>
                    <p>{errorMessage(edit.error)}</p>
                  </AlertDescription>
                </Alert>
              )
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
                {dirty ? "Your edits meet" : `Version ${String(version)} meets`} every rule of the product copy contract (checked by the server; nothing is stored until you save).
              </p>
            )}
          </section>
        </CardContent>
      </Card>
    </div>
  );
}
