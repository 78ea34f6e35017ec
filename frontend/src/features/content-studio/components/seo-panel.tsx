import { CheckCircle2, ExternalLink, XCircle } from "lucide-react";
import type { ReactNode } from "react";

import { Badge } from "@/components/ui/badge";
import { cn } from "@/lib/utils";

import type { BodyHeading, BodyLink } from "../lib/body";
import { META_DESC_MAX, META_DESC_MIN, SEO_TITLE_MAX, directionOf } from "../lib/contract";
import { containsKeyword } from "../lib/keywords";

/** Characters as the contract counts them: the stripped text's code points. */
export function charCount(text: string): number {
  return Array.from(text.trim()).length;
}

/** "57 / 60 characters" with whether the length is within the contract's bounds. */
export function LengthMeter({ id, length, min = 1, max }: { id?: string; length: number; min?: number; max: number }) {
  const ok = length >= min && length <= max;
  const verdict = length > max ? `${length - max} over the limit` : length < min ? `${min - length} short of ${min}` : "within the limit";
  return (
    <p id={id} className={cn("text-xs tabular-nums", ok ? "text-muted-foreground" : "font-medium text-destructive")}>
      {length} / {min > 1 ? `${min}–${max}` : max} characters · {verdict}
    </p>
  );
}

function Check({ ok, children }: { ok: boolean; children: ReactNode }) {
  return (
    <li className="flex items-start gap-2 text-sm">
      {ok ? (
        <CheckCircle2 aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-success" />
      ) : (
        <XCircle aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-destructive" />
      )}
      <span>
        <span className="sr-only">{ok ? "Met: " : "Not met: "}</span>
        {children}
      </span>
    </li>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="grid gap-2" aria-label={title}>
      <h3 className="text-sm font-semibold">{title}</h3>
      {children}
    </section>
  );
}

export interface SeoPanelProps {
  language: string;
  title: string;
  seoTitle: string;
  metaDesc: string;
  slug: string;
  keywords: string[];
  /** The text each keyword must also appear in, and what the contract calls it. */
  lead: { label: string; text: string };
  /** The body's headings in order, and the list the content declares. */
  headings?: { body: BodyHeading[]; declared: BodyHeading[] };
  internalLinks?: { anchor: string; url: string }[];
  bodyLinks?: BodyLink[];
  schemaLd?: { text: string; error: string | null };
  /** The contract check: the server's verdict on the saved version or on the last edit. */
  contract: ReactNode;
}

/** What search engines will see of the content, checked against the contract as it is typed. */
export function SeoPanel(props: SeoPanelProps) {
  const { language, title, seoTitle, metaDesc, slug, keywords, lead, headings, internalLinks, bodyLinks, schemaLd, contract } = props;
  const dir = directionOf(language);
  const bodyHeadings = headings?.body ?? [];
  const matches =
    headings !== undefined &&
    headings.body.length === headings.declared.length &&
    headings.body.every((heading, index) => heading.level === headings.declared[index]?.level && heading.text === headings.declared[index].text);

  return (
    <div className="grid gap-5">
      <Section title="Search snippet">
        <div className="grid gap-1 rounded-md border p-3" dir={dir} lang={language}>
          <p className="truncate text-base text-primary">{seoTitle || "(no SEO title)"}</p>
          <p className="truncate text-xs text-success">/{slug}</p>
          <p className="text-sm text-muted-foreground">{metaDesc || "(no meta description)"}</p>
        </div>
        <dl className="grid gap-2 text-sm">
          <div>
            <dt className="font-medium">SEO title</dt>
            <dd>
              <LengthMeter length={charCount(seoTitle)} max={SEO_TITLE_MAX} />
            </dd>
          </div>
          <div>
            <dt className="font-medium">Meta description</dt>
            <dd>
              <LengthMeter length={charCount(metaDesc)} min={META_DESC_MIN} max={META_DESC_MAX} />
            </dd>
          </div>
          <div>
            <dt className="font-medium">Slug</dt>
            <dd className="break-all font-mono text-xs">{slug || "(none)"}</dd>
          </div>
        </dl>
      </Section>

      <Section title="Keyword placement">
        {keywords.length === 0 ? (
          <p className="text-sm text-muted-foreground">No keywords were given, so none has to be placed.</p>
        ) : (
          <ul className="grid gap-1">
            {keywords.map((keyword) => {
              const inHead = [title, seoTitle, metaDesc].some((text) => containsKeyword(text, keyword));
              const inLead = containsKeyword(lead.text, keyword);
              return (
                <li key={keyword} className="grid gap-1 rounded-md border p-2">
                  <span className="text-sm font-medium" dir={dir}>
                    {keyword}
                  </span>
                  <ul className="grid gap-1">
                    <Check ok={inHead}>in the title, SEO title or meta description</Check>
                    <Check ok={inLead}>in the {lead.label}</Check>
                  </ul>
                </li>
              );
            })}
          </ul>
        )}
      </Section>

      {headings ? (
        <Section title="Headings outline">
          {bodyHeadings.length === 0 ? (
            <p className="text-sm text-muted-foreground">The body has no headings.</p>
          ) : (
            <ol className="grid gap-0.5 text-sm" dir={dir} lang={language}>
              {bodyHeadings.map((heading, index) => (
                <li key={`${String(index)}-${heading.text}`} className={cn(heading.level > 2 && "ps-4", heading.level > 3 && "ps-8")}>
                  <Badge variant="outline" className="me-1 font-mono">
                    h{heading.level}
                  </Badge>
                  {heading.text}
                </li>
              ))}
            </ol>
          )}
          <ul className="grid gap-1">
            <Check ok={!bodyHeadings.some((heading) => heading.level === 1)}>no h1 in the body (the title is the page&apos;s h1)</Check>
            <Check ok={bodyHeadings.length === 0 || bodyHeadings[0]?.level === 2}>the first heading is an h2</Check>
            <Check ok={bodyHeadings.every((heading, index) => index === 0 || heading.level <= (bodyHeadings[index - 1]?.level ?? 1) + 1)}>
              no heading level is skipped
            </Check>
            <Check ok={matches}>the headings list matches the body (it is rebuilt from the body when you save)</Check>
          </ul>
        </Section>
      ) : null}

      {internalLinks ? (
        <Section title="Internal links">
          {internalLinks.length === 0 ? (
            <p className="text-sm text-muted-foreground">No internal links. An article links to pages of the site chosen in its brief, when they fit.</p>
          ) : (
            <ul className="grid gap-1">
              {internalLinks.map((link) => {
                const inBody = (bodyLinks ?? []).some((found) => found.href === link.url);
                return (
                  <Check key={link.url} ok={inBody}>
                    <span dir={dir}>{link.anchor}</span>{" "}
                    <a href={link.url} target="_blank" rel="noopener noreferrer" className="inline-flex items-center gap-1 break-all text-primary underline">
                      {link.url}
                      <ExternalLink aria-hidden="true" className="size-3" />
                      <span className="sr-only">(opens in a new tab)</span>
                    </a>
                    {inBody ? null : <span className="block text-destructive">not linked in the body</span>}
                  </Check>
                );
              })}
            </ul>
          )}
        </Section>
      ) : null}

      {schemaLd ? (
        <Section title="JSON-LD">
          {schemaLd.error ? <p className="text-sm text-destructive">{schemaLd.error}</p> : null}
          {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrolling region must be reachable by keyboard */}
          <pre className="max-h-72 overflow-auto rounded-md bg-muted p-3 text-xs" tabIndex={0} role="region" aria-label="JSON-LD structured data" dir="ltr">
            {schemaLd.text}
          </pre>
        </Section>
      ) : null}

      <Section title="Contract check">{contract}</Section>
    </div>
  );
}
