import { ExternalLink } from "lucide-react";
import type { ReactNode } from "react";

import { Badge } from "@/components/ui/badge";
import { cn } from "@/lib/utils";
import { directionOf } from "@/lib/direction";
import { charCount, type ContentContract, type LengthLimit } from "@/lib/contract";
import { keywordPlaced, meets, type ContractProblem } from "@/lib/contract-problems";
import { Check } from "@/components/generation/contract-check";

import type { BodyHeading } from "../lib/body";

/** "57 / 60 characters" with whether the length is within the contract's limit (the count alone until it is loaded). */
export function LengthMeter({ id, length, limit }: { id?: string; length: number; limit: LengthLimit | undefined }) {
  if (!limit) {
    return (
      <p id={id} className="text-xs tabular-nums text-muted-foreground">
        {length} characters
      </p>
    );
  }
  const { min, max } = limit;
  const ok = length >= min && length <= max;
  const verdict = length > max ? `${length - max} over the limit` : length < min ? `${min - length} short of ${min}` : "within the limit";
  return (
    <p id={id} className={cn("text-xs tabular-nums", ok ? "text-muted-foreground" : "font-medium text-destructive")}>
      {length} / {min > 1 ? `${min}–${max}` : max} characters · {verdict}
    </p>
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
  seoTitle: string;
  metaDesc: string;
  slug: string;
  keywords: string[];
  /** What the contract calls the text each keyword must also appear in. */
  leadLabel: string;
  /** The contract's limits and placement rules (GET /content/contract), once loaded. */
  contract: ContentContract | undefined;
  /** The server's check of what is typed (POST /content/check): its broken rules, or null before a verdict. */
  verdict: ContractProblem[] | null;
  /** The body's headings in order. */
  headings?: BodyHeading[];
  internalLinks?: { anchor: string; url: string }[];
  schemaLd?: { text: string; error: string | null };
  /** The contract check: the server's verdict on what is typed, or why the last save was refused. */
  checkSummary: ReactNode;
}

/** What search engines will see of the content, checked against the contract as it is typed. */
export function SeoPanel(props: SeoPanelProps) {
  const { language, seoTitle, metaDesc, slug, keywords, leadLabel, contract, verdict, headings, internalLinks, schemaLd, checkSummary } = props;
  const dir = directionOf(language);
  const bodyHeadings = headings ?? [];
  const limit = (field: string) => contract?.article.limits.find((entry) => entry.field === field);
  const [headRule, leadRule] = contract?.article.keyword_placement ?? [];
  const judged = (rule: string | undefined, check: (rule: string, problems: ContractProblem[]) => boolean) =>
    verdict === null || rule === undefined ? null : check(rule, verdict);

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
              <LengthMeter length={charCount(seoTitle)} limit={limit("meta.seo_title")} />
            </dd>
          </div>
          <div>
            <dt className="font-medium">Meta description</dt>
            <dd>
              <LengthMeter length={charCount(metaDesc)} limit={limit("meta.meta_desc")} />
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
              const inHead = judged(headRule?.rule, (rule, problems) => keywordPlaced(problems, rule, keyword));
              const inLead = judged(leadRule?.rule, (rule, problems) => keywordPlaced(problems, rule, keyword));
              return (
                <li key={keyword} className="grid gap-1 rounded-md border p-2">
                  <span className="text-sm font-medium" dir={dir}>
                    {keyword}
                  </span>
                  <ul className="grid gap-1">
                    <Check ok={inHead}>in the title, SEO title or meta description</Check>
                    <Check ok={inLead}>in the {leadLabel}</Check>
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
            <Check ok={judged("heading_h1", (rule, problems) => meets(problems, rule))}>no h1 in the body (the title is the page&apos;s h1)</Check>
            <Check ok={judged("heading_first_level", (rule, problems) => meets(problems, rule))}>the first heading is an h2</Check>
            <Check ok={judged("heading_skip", (rule, problems) => meets(problems, rule))}>no heading level is skipped</Check>
            <Check ok={judged("headings_match", (rule, problems) => meets(problems, rule))}>
              the headings list matches the body (it is rebuilt from the body when you save)
            </Check>
          </ul>
        </Section>
      ) : null}

      {internalLinks ? (
        <Section title="Internal links">
          {internalLinks.length === 0 ? (
            <p className="text-sm text-muted-foreground">No internal links. An article links to pages of the site chosen in its brief, when they fit.</p>
          ) : (
            <ul className="grid gap-1">
              {internalLinks.map((link, index) => {
                const at = `internal_links.${String(index)}`;
                const inBody = judged("internal_link_in_body", (rule, problems) => meets(problems, rule, at));
                const sameText = judged("internal_link_anchor", (rule, problems) => meets(problems, rule, at));
                return (
                  <Check key={link.url} ok={inBody === null || sameText === null ? null : inBody && sameText}>
                    <span dir={dir}>{link.anchor}</span>{" "}
                    <a href={link.url} target="_blank" rel="noopener noreferrer" className="inline-flex items-center gap-1 break-all text-primary underline">
                      {link.url}
                      <ExternalLink aria-hidden="true" className="size-3" />
                      <span className="sr-only">(opens in a new tab)</span>
                    </a>
                    {inBody === false ? <span className="block text-destructive">not linked in the body</span> : null}
                    {sameText === false ? <span className="block text-destructive">linked in the body with another text than its anchor</span> : null}
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

      <Section title="Contract check">{checkSummary}</Section>
    </div>
  );
}
