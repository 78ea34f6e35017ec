import { useQueryClient } from "@tanstack/react-query";
import { RefreshCw } from "lucide-react";
import { useDeferredValue, useRef, useState, type SyntheticEvent } from "react";

import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Switch } from "@/components/ui/switch";
import { errorMessage } from "@/lib/problems";
import { directionOf } from "@/lib/direction";
import { loadedContract, useContentContract } from "@/lib/contract";
import { splitKeywords } from "@/lib/keywords";
import { BrandField, LanguageField, NONE } from "@/components/generation/brief-fields";
import { placeErrors } from "@/lib/form-problems";
import { StartButton, StartProblems } from "@/components/generation/start-controls";

import {
  usePullLinks,
  useSiteLinks,
  useStartArticle,
  useWordPressSites,
  type ArticleBrief,
  type StartedRun,
} from "../api/studio";
import type { Language } from "../lib/contract";

const LENGTHS = [
  { value: "short", label: "Short (2 sections)" },
  { value: "medium", label: "Medium (4 sections)" },
  { value: "long", label: "Long (6 sections)" },
] as const;
type Length = (typeof LENGTHS)[number]["value"];

const SHOWN = ["topic", "keywords", "tone", "length", "language", "brand_profile", "faq", "site_index", "sections"];

// The fields that show what the server answers (the contract's limits, the connected sites) ask
// for it themselves, so that its answer, which arrives while the screen is starting, renders them
// alone, as a deferred update, instead of the whole form in one long task.

type TextFieldProps = { value: string; onChange: (value: string) => void; dir: "ltr" | "rtl"; error?: string };

function TopicField({ value, onChange, dir, error }: TextFieldProps) {
  const limits = useDeferredValue(useContentContract().data?.brief);
  return (
    <FormField
      label="Topic"
      error={error}
      hint={limits ? `${String(limits.topic_min)}–${String(limits.topic_max)} characters: what the article is about.` : "What the article is about."}
    >
      {(control) => <Input {...control} value={value} dir={dir} maxLength={limits?.topic_max} required onChange={(event) => onChange(event.target.value)} />}
    </FormField>
  );
}

function KeywordsField({ value, onChange, dir, error }: TextFieldProps) {
  const limits = useDeferredValue(useContentContract().data?.brief);
  return (
    <FormField
      label="Keywords"
      error={error}
      hint={`${limits ? `Up to ${String(limits.keywords_max)}, separated` : "Separated"} by commas; each is placed in the title or meta description and the first paragraph.`}
    >
      {(control) => <Input {...control} value={value} dir={dir} onChange={(event) => onChange(event.target.value)} />}
    </FormField>
  );
}

/** What is known of the chosen site's link index, for the site field's hint. */
interface LinksState {
  pending: boolean;
  error: unknown;
  count: number | undefined;
}

function SiteField({ value, onChange, error, links }: { value: string; onChange: (value: string) => void; error?: string; links: LinksState }) {
  const sites = useWordPressSites();
  const loaded = useDeferredValue(sites.data);
  const hint = sites.isError
    ? `Sites could not be loaded: ${errorMessage(sites.error)}`
    : loaded?.length === 0
      ? "No WordPress site connected: connect one in Settings to add internal links."
      : value === NONE
        ? "Choose a connected site to let the article link to its pages."
        : links.pending
          ? "Loading the site's pages…"
          : links.error
            ? `The site's pages could not be loaded: ${errorMessage(links.error)}`
            : `${String(Math.min(links.count ?? 0, 500))} pages of the site are offered as internal links.`;
  return (
    <FormField label="Link to pages of" error={error} hint={hint}>
      {(control) =>
        loaded === undefined && !sites.isError ? (
          <Skeleton className="h-9 w-full" />
        ) : (
          <Select value={value} onValueChange={onChange}>
            <SelectTrigger {...control}>
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={NONE}>No internal links</SelectItem>
              {(loaded ?? []).map((entry) => (
                <SelectItem key={entry.id} value={entry.id}>
                  {entry.name} ({entry.url})
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        )
      }
    </FormField>
  );
}

/** The article brief: what to write about, for whom, and where it will link. */
export function BriefForm({ onStarted }: { onStarted: (run: StartedRun) => void }) {
  const [topic, setTopic] = useState("");
  const [keywords, setKeywords] = useState("");
  const [tone, setTone] = useState("informative");
  const [length, setLength] = useState<Length>("medium");
  const [language, setLanguage] = useState<Language>("en");
  const [brand, setBrand] = useState(NONE);
  const [faq, setFaq] = useState(false);
  const [site, setSite] = useState(NONE);
  const [local, setLocal] = useState<Record<string, string>>({});
  const busy = useRef(false);

  const siteId = site === NONE ? null : site;
  const links = useSiteLinks(siteId);
  const pull = usePullLinks();
  const start = useStartArticle();
  const queryClient = useQueryClient();
  const placed = placeErrors(start.error, SHOWN);
  const errors = { ...placed.fields, ...local };
  const dir = directionOf(language);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    // One run per click, however fast the clicks: the ref is set before React re-renders.
    if (busy.current) return;
    const listed = splitKeywords(keywords);
    const limits = loadedContract(queryClient)?.brief;
    const problems: Record<string, string> = {};
    // The server checks the brief too (and names the field); these spare a refused request.
    if (limits && topic.replace(/\s+/gu, " ").trim().length < limits.topic_min) problems.topic = `Give a topic of at least ${String(limits.topic_min)} characters.`;
    if (limits && listed.length > limits.keywords_max) problems.keywords = `Give at most ${String(limits.keywords_max)} keywords.`;
    if (!tone.trim()) problems.tone = "Give a tone, such as informative or friendly.";
    setLocal(problems);
    if (Object.keys(problems).length) return;
    busy.current = true;
    const brief: Omit<ArticleBrief, "wait" | "formats"> = {
      topic,
      keywords: listed,
      tone: tone.trim(),
      length,
      language,
      faq,
      site_index: siteId ? (links.data ?? []).slice(0, 500) : [],
      brand_profile: brand === NONE ? null : brand,
    };
    try {
      onStarted(await start.mutateAsync(brief));
    } catch {
      // shown from start.error
    } finally {
      busy.current = false;
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate className="grid gap-4" aria-label="Article brief">
      <TopicField value={topic} onChange={setTopic} dir={dir} error={errors.topic} />
      <KeywordsField value={keywords} onChange={setKeywords} dir={dir} error={errors.keywords} />
      <div className="grid gap-4 sm:grid-cols-3">
        <FormField label="Tone" error={errors.tone}>
          {(control) => <Input {...control} value={tone} maxLength={100} onChange={(event) => setTone(event.target.value)} />}
        </FormField>
        <FormField label="Length" error={errors.length}>
          {(control) => (
            <Select value={length} onValueChange={(value) => setLength(value as Length)}>
              <SelectTrigger {...control}>
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {LENGTHS.map((option) => (
                  <SelectItem key={option.value} value={option.value}>
                    {option.label}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          )}
        </FormField>
        <LanguageField value={language} onChange={setLanguage} error={errors.language} />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <BrandField value={brand} onChange={setBrand} error={errors.brand_profile} />
        <SiteField
          value={site}
          onChange={setSite}
          error={errors.site_index}
          links={{ pending: links.isPending, error: links.isError ? links.error : null, count: links.data?.length }}
        />
      </div>
      {siteId !== null && links.data?.length === 0 ? (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span className="text-muted-foreground">The site&apos;s link index is empty.</span>
          <Button size="sm" variant="outline" disabled={pull.isPending} onClick={() => pull.mutate(siteId)}>
            <RefreshCw aria-hidden="true" className={pull.isPending ? "animate-spin" : undefined} />
            Pull the site&apos;s pages
          </Button>
          {pull.isError ? <span className="text-destructive">{errorMessage(pull.error)}</span> : null}
        </div>
      ) : null}
      <div className="flex items-center gap-3">
        <Switch id="brief-faq" checked={faq} onCheckedChange={setFaq} />
        <Label htmlFor="brief-faq">Add a FAQ section (with FAQPage JSON-LD)</Label>
      </div>
      <StartProblems title="The article could not be started" error={start.error} placed={placed} />
      <StartButton label="Generate article" pending={start.isPending} disabled={siteId !== null && links.isPending} />
    </form>
  );
}
