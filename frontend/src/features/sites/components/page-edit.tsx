import { useState, type SyntheticEvent } from "react";

import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { ApiProblem, errorMessage, fieldErrors, fieldName, unplacedErrors } from "@/lib/problems";

import { useEditPage, type SitePagePublic, type SiteVersionPage } from "../api/sites";

// The content contract's SEO lengths (presswright.content.models); the server checks them again.
const SEO_TITLE_MAX = 60;
const META_DESC_MIN = 140;
const META_DESC_MAX = 160;

type SeoField = "seo_title" | "meta_desc";

// Where a search field came from (the page's seo_source); nothing is said of the model's own text.
const MADE_FROM_PAGE: Record<SeoField, string> = {
  seo_title: "Made from the page's text (its H1 and the business's name): the model's title did not pass the checks.",
  meta_desc: "Made from the page's text: the model's description did not pass the checks.",
};

/** A plain note of where the page's search field came from, when not the model: made from the page's text, or edited. */
function seoSourceNote(page: SitePagePublic, field: SeoField): string | undefined {
  const source = page.seo_source?.[field];
  if (source === "page") return MADE_FROM_PAGE[field];
  if (source === "person") return "Edited.";
  return undefined;
}

/** The note of {@link seoSourceNote} as a line of small text under the field's value (English, whatever the site's language). */
export function SeoSourceNote({ page, field }: { page: SitePagePublic; field: SeoField }) {
  const note = seoSourceNote(page, field);
  if (!note) return null;
  return (
    <span className="block text-xs text-muted-foreground" lang="en" dir="ltr">
      {note}
    </span>
  );
}

interface TextSlot {
  path: string;
  type: string;
  text: string;
}

/** Every block of the spec with a text, by its path (blocks[0].inner[1]), in reading order. */
function textSlots(blocks: unknown[], prefix = "blocks"): TextSlot[] {
  const found: TextSlot[] = [];
  blocks.forEach((block, index) => {
    if (typeof block !== "object" || block === null) return;
    const item = block as { type?: unknown; text?: unknown; inner?: unknown };
    const path = `${prefix}[${index}]`;
    if (typeof item.text === "string") found.push({ path, type: typeof item.type === "string" ? item.type : "text", text: item.text });
    if (Array.isArray(item.inner)) found.push(...textSlots(item.inner, `${path}.inner`));
  });
  return found;
}

/** The spec with the changed texts put in (a deep copy; nothing else changes). */
function withTexts(spec: Record<string, unknown>, texts: Record<string, string>): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(spec)) as Record<string, unknown>;
  const visit = (blocks: unknown[], prefix: string) => {
    blocks.forEach((block, index) => {
      if (typeof block !== "object" || block === null) return;
      const item = block as { text?: unknown; inner?: unknown };
      const path = `${prefix}[${index}]`;
      if (path in texts && typeof item.text === "string") item.text = texts[path];
      if (Array.isArray(item.inner)) visit(item.inner, `${path}.inner`);
    });
  };
  visit(Array.isArray(copy.blocks) ? copy.blocks : [], "blocks");
  return copy;
}

/** Edit one page's title, search fields and section texts before deploy; saved as the site's next version. */
export function PageEditForm({
  siteId,
  page,
  stored,
  version,
  dir,
  lang,
  disabled,
}: {
  siteId: string;
  page: SitePagePublic;
  stored: SiteVersionPage | undefined;
  version: number;
  dir: "ltr" | "rtl";
  lang: string | undefined;
  disabled: boolean;
}) {
  const edit = useEditPage(siteId);
  const [title, setTitle] = useState(page.title);
  const [seoTitle, setSeoTitle] = useState(page.seo_title);
  const [metaDesc, setMetaDesc] = useState(page.meta_desc);
  const slots = stored?.spec ? textSlots(stored.spec.blocks ?? []) : [];
  const [texts, setTexts] = useState<Record<string, string>>({});
  const problem = edit.error instanceof ApiProblem ? edit.error.problem : undefined;
  const errors = fieldErrors(problem);
  const shown = ["title", "seo_title", "meta_desc", ...slots.map((slot) => fieldName(`spec.${slot.path}`))];
  const other = edit.error ? (problem ? unplacedErrors(problem, shown) : [errorMessage(edit.error)]) : [];
  // The saved value's source, while the field still holds it (a change saves it as edited).
  const seoTitleNote = seoTitle === page.seo_title ? seoSourceNote(page, "seo_title") : undefined;
  const metaDescNote = metaDesc === page.meta_desc ? seoSourceNote(page, "meta_desc") : undefined;

  function submit(event: SyntheticEvent<HTMLFormElement>) {
    event.preventDefault();
    const body: Parameters<typeof edit.mutate>[0]["edit"] = { base_version: version };
    if (title !== page.title) body.title = title;
    if (seoTitle !== page.seo_title) body.seo_title = seoTitle;
    if (metaDesc !== page.meta_desc) body.meta_desc = metaDesc;
    if (stored?.spec && Object.keys(texts).length) body.spec = withTexts(stored.spec, texts);
    edit.mutate({ slug: page.slug, edit: body }, { onSuccess: () => setTexts({}) });
  }

  return (
    <form onSubmit={submit} className="grid gap-3 rounded-md border p-3" aria-label={`Edit the page ${page.title}`} lang={lang}>
      <FormAlert title={edit.error instanceof ApiProblem && edit.error.status === 409 ? "Someone changed the site first" : "The page was not saved"} messages={other} />
      <FormField label="Page title" error={errors.title}>
        {(control) => <Input {...control} dir={dir} value={title} maxLength={200} onChange={(event) => setTitle(event.target.value)} />}
      </FormField>
      <FormField label="SEO title" error={errors.seo_title} hint={[`${seoTitle.length} of at most ${SEO_TITLE_MAX} characters.`, seoTitleNote].filter(Boolean).join(" ")}>
        {(control) => <Input {...control} dir={dir} value={seoTitle} maxLength={300} onChange={(event) => setSeoTitle(event.target.value)} />}
      </FormField>
      <FormField label="Meta description" error={errors.meta_desc} hint={[`${metaDesc.length} characters (${META_DESC_MIN} to ${META_DESC_MAX}).`, metaDescNote].filter(Boolean).join(" ")}>
        {(control) => <Textarea {...control} dir={dir} value={metaDesc} maxLength={1000} rows={3} onChange={(event) => setMetaDesc(event.target.value)} />}
      </FormField>
      {slots.map((slot) => (
        <FormField key={slot.path} label={`${slot.type} (${slot.path})`} error={errors[fieldName(`spec.${slot.path}`)]}>
          {(control) => (
            <Textarea
              {...control}
              dir={dir}
              rows={slot.type === "heading" ? 1 : 3}
              value={texts[slot.path] ?? slot.text}
              onChange={(event) => setTexts((current) => ({ ...current, [slot.path]: event.target.value }))}
            />
          )}
        </FormField>
      ))}
      <div>
        <Button type="submit" size="sm" disabled={disabled || edit.isPending}>
          {edit.isPending ? "Saving…" : "Save the page"}
        </Button>
        {edit.isSuccess ? (
          <span role="status" className="ms-3 text-sm text-muted-foreground">
            Saved as version {edit.data.current_version}.
          </span>
        ) : null}
      </div>
    </form>
  );
}
