import { ExternalLink, Loader2, Send } from "lucide-react";
import { useId, useState, type SyntheticEvent } from "react";
import { Link } from "react-router";

import { ExportCard, type ExportChoice } from "@/components/generation/export-card";
import { RegenerateCard, type RegenerableNode } from "@/components/generation/regenerate-card";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toast";
import { formatDateTime } from "@/lib/format";
import { ApiProblem, errorMessage, fieldName } from "@/lib/problems";
import { contractProblems } from "@/lib/contract-problems";

import {
  usePublish,
  useSectionItems,
  useWordPressSites,
  type DocumentPublic,
  type PublishRequest,
  type RunStatus,
  type SectionItem,
} from "../api/studio";
import { nodeLabel, REGENERABLE } from "../lib/nodes";

const DOWNLOADS: readonly ExportChoice[] = [
  { format: "json", label: "JSON" },
  { format: "html", label: "HTML page" },
  { format: "gutenberg", label: "Gutenberg blocks" },
  { format: "md", label: "Markdown" },
];

export function ArticleExportCard({ document, dirty }: { document: DocumentPublic; dirty: boolean }) {
  return <ExportCard document={document} formats={DOWNLOADS} dirty={dirty} />;
}

type PostStatus = PublishRequest["status"];
const STATUSES: { value: PostStatus; label: string }[] = [
  { value: "draft", label: "Draft" },
  { value: "publish", label: "Published" },
  { value: "future", label: "Scheduled" },
];

function terms(text: string): string[] {
  return text
    .split(",")
    .map((term) => term.trim())
    .filter(Boolean);
}

/** A datetime-local value ("2026-12-24T09:00") in the reader's time zone as RFC 3339 UTC. */
function toInstant(local: string): string | null {
  if (!local) return null;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function PublishCard({ document, dirty }: { document: DocumentPublic; dirty: boolean }) {
  const sites = useWordPressSites();
  const publish = usePublish(document.id);
  const [site, setSite] = useState("");
  const [status, setStatus] = useState<PostStatus>("draft");
  const [when, setWhen] = useState("");
  const [categories, setCategories] = useState("");
  const [tags, setTags] = useState("");
  const [local, setLocal] = useState<Record<string, string>>({});
  const statusName = useId();
  const chosen = site || sites.data?.[0]?.id || "";

  const problemFor = (name: string): string | undefined => {
    if (local[name]) return local[name];
    if (!(publish.error instanceof ApiProblem)) return undefined;
    return publish.error.problem.errors?.find((entry) => fieldName(entry.field).split(".")[0] === name)?.message;
  };
  const contract = contractProblems(publish.error).filter((problem) => !["date", "status", "categories", "tags"].includes(problem.field.split(".")[0] ?? ""));

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (publish.isPending || !chosen) return;
    const date = status === "future" ? toInstant(when) : null;
    const problems: Record<string, string> = {};
    if (status === "future" && !date) problems.date = "Choose when the post goes live.";
    else if (date && new Date(date).getTime() <= Date.now()) problems.date = "Choose a time in the future.";
    setLocal(problems);
    if (Object.keys(problems).length) return;
    publish.mutate(
      { siteId: chosen, options: { status, date, categories: terms(categories), tags: terms(tags) } },
      { onSuccess: (result) => toast({ title: `Post ${result.action}`, description: result.url, variant: "success" }) },
    );
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>Publish to WordPress</CardTitle>
        <CardDescription>Sends the saved version; publishing again updates the same post.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        {sites.isPending ? (
          <div role="status" className="grid gap-2">
            <span className="sr-only">Loading sites…</span>
            <Skeleton className="h-9 w-full" />
            <Skeleton className="h-9 w-1/2" />
          </div>
        ) : sites.isError ? (
          <Alert variant="destructive">
            <AlertTitle>Sites could not be loaded</AlertTitle>
            <AlertDescription>
              <p>{errorMessage(sites.error)}</p>
              <Button variant="outline" size="sm" className="mt-2" onClick={() => void sites.refetch()}>
                Try again
              </Button>
            </AlertDescription>
          </Alert>
        ) : sites.data.length === 0 ? (
          <EmptyState title="No WordPress site connected" action={<Link className="text-sm text-primary underline" to="/settings">Connect a site in Settings</Link>}>
            Connect a site with an application password to publish articles to it.
          </EmptyState>
        ) : (
          <form onSubmit={submit} noValidate className="grid gap-3" aria-label="Publish the article">
            <FormField label="Site">
              {(control) => (
                <Select value={chosen} onValueChange={setSite}>
                  <SelectTrigger {...control}>
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    {sites.data.map((entry) => (
                      <SelectItem key={entry.id} value={entry.id}>
                        {entry.name} ({entry.url}){entry.status === "ok" ? "" : ` · ${entry.status}`}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              )}
            </FormField>
            <fieldset className="grid gap-1">
              <legend className="mb-1 text-sm font-medium">Publish as</legend>
              <div className="flex flex-wrap gap-4">
                {STATUSES.map((option) => (
                  <label key={option.value} className="flex items-center gap-2 text-sm">
                    <input
                      type="radio"
                      name={statusName}
                      value={option.value}
                      checked={status === option.value}
                      onChange={() => setStatus(option.value)}
                      className="size-4 accent-primary focus-visible:outline-2 focus-visible:outline-ring"
                    />
                    {option.label}
                  </label>
                ))}
              </div>
            </fieldset>
            {status === "future" ? (
              <FormField label="Publish on" error={problemFor("date")} hint="In your time zone.">
                {(control) => <Input {...control} type="datetime-local" value={when} onChange={(event) => setWhen(event.target.value)} required />}
              </FormField>
            ) : null}
            <div className="grid gap-3">
              <FormField label="Categories" error={problemFor("categories")} hint="Comma-separated; created when missing.">
                {(control) => <Input {...control} value={categories} onChange={(event) => setCategories(event.target.value)} />}
              </FormField>
              <FormField label="Tags" error={problemFor("tags")} hint="Comma-separated.">
                {(control) => <Input {...control} value={tags} onChange={(event) => setTags(event.target.value)} />}
              </FormField>
            </div>
            {dirty ? <p className="text-sm text-warning">You have unsaved edits: save them first, or the saved version is published without them.</p> : null}
            {publish.isError && !problemFor("date") ? (
              <Alert variant="destructive">
                <AlertTitle>Not published</AlertTitle>
                <AlertDescription>
                  {contract.length ? (
                    <ul className="list-disc ps-4">
                      {contract.map((problem) => (
                        <li key={`${problem.field}-${problem.message}`}>
                          {problem.field}: {problem.message}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <p>{errorMessage(publish.error)}</p>
                  )}
                </AlertDescription>
              </Alert>
            ) : null}
            <div>
              <Button type="submit" disabled={publish.isPending} aria-busy={publish.isPending}>
                {publish.isPending ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Send aria-hidden="true" />}
                {status === "draft" ? "Send as draft" : status === "future" ? "Schedule" : "Publish"}
              </Button>
            </div>
          </form>
        )}
        {publish.data ? (
          <Alert>
            <AlertTitle>
              Post {publish.data.action} on {publish.data.site} ({publish.data.status})
            </AlertTitle>
            <AlertDescription>
              <a href={publish.data.url} target="_blank" rel="noopener noreferrer" className="inline-flex items-center gap-1 text-primary underline">
                Open the post
                <ExternalLink aria-hidden="true" className="size-3" />
                <span className="sr-only">(opens in a new tab)</span>
              </a>
              <p className="text-xs text-muted-foreground">SEO fields: {publish.data.seo.note}</p>
            </AlertDescription>
          </Alert>
        ) : null}
        {document.published?.length ? (
          <div className="grid gap-1 text-sm">
            <p className="font-medium">Published before</p>
            <ul className="grid gap-1">
              {document.published.map((post) => (
                <li key={`${post.site_id}-${String(post.remote_id)}`}>
                  <a href={post.remote_url} target="_blank" rel="noopener noreferrer" className="text-primary underline">
                    Post {post.remote_id} ({post.remote_status})
                    <span className="sr-only"> (opens in a new tab)</span>
                  </a>{" "}
                  <span className="text-muted-foreground">· {formatDateTime(post.updated_at)}</span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}

function sectionLabel(item: SectionItem): string {
  const number = `Section ${String(item.index + 1)}`;
  return item.heading ? `${number}: ${item.heading}` : number;
}

/** The parts of an article that can be written again: each node, and each section on its own. */
export function ArticleRegenerateCard({
  executionId,
  status,
  dirty,
  onRestarted,
}: {
  executionId: string;
  status: RunStatus;
  dirty: boolean;
  onRestarted: () => void;
}) {
  const hasSections = status.nodes.some((node) => node.id === "sections" && node.status !== "skipped");
  const sections = useSectionItems(executionId, status.generation, hasSections);
  const nodes: RegenerableNode[] = REGENERABLE.map((id) =>
    id === "sections"
      ? {
          id,
          label: "All sections",
          hint: sections.isError
            ? `All sections are written again together (the list of sections could not be loaded: ${errorMessage(sections.error)}).`
            : "All sections are written again together.",
          parts: (sections.data ?? []).map((item) => ({
            id: item.id,
            label: sectionLabel(item),
            action: `section ${String(item.index + 1)}`,
            hint: "Only this section is written again; the others stay as they are.",
          })),
        }
      : { id, label: nodeLabel(id) },
  );
  return <RegenerateCard executionId={executionId} status={status} nodes={nodes} defaultNode="sections" dirty={dirty} onRestarted={onRestarted} />;
}
