import { ArrowLeft, Download, ExternalLink, FileQuestion, Trash2 } from "lucide-react";
import { useId, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton, LoadingRows } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { toast } from "@/components/ui/toast";
import { formatDateTime, formatNumber, formatRelative, textDirection } from "@/lib/format";
import { ApiProblem, errorMessage } from "@/lib/problems";
import { useOnce } from "@/lib/use-once";

import {
  EXPORT_FORMATS,
  useDeleteDocument,
  useDocument,
  useDrafts,
  useExport,
  useVersion,
  useVersions,
  type DocumentPublic,
  type DocumentVersion,
} from "../api/documents";
import { flattenBody, previewHtml } from "../lib/flatten";
import { HtmlPreview } from "./html-preview";
import { ImagePanel } from "./image-panel";
import { KIND_LABELS, LANGUAGE_NAMES, StatusBadge } from "./labels";
import { VersionDiff } from "./version-diff";

const SOURCE_LABELS: Record<DocumentVersion["source"], string> = {
  generated: "Generated",
  regenerated: "Regenerated",
  edited: "Edited by hand",
};

export function DocumentView() {
  const { id = "" } = useParams();
  const query = useDocument(id);

  if (query.isPending) {
    return (
      <div className="grid gap-4" role="status" aria-live="polite">
        <span className="sr-only">Loading the document…</span>
        <Skeleton className="h-8 w-2/3" />
        <Skeleton className="h-5 w-1/3" />
        <Skeleton className="h-64 w-full" />
      </div>
    );
  }
  if (query.isError) {
    const missing = query.error instanceof ApiProblem && (query.error.status === 404 || query.error.status === 422);
    return (
      <div className="grid gap-4">
        <h1 className="sr-only">Library document</h1>
        <BackLink />
        {missing ? (
          <EmptyState icon={FileQuestion} title="No such document" action={<Button asChild variant="outline"><Link to="/library">Back to the library</Link></Button>}>
            It was deleted, or it belongs to another workspace.
          </EmptyState>
        ) : (
          <ErrorState error={query.error} title="Could not load the document" onRetry={() => void query.refetch()} />
        )}
      </div>
    );
  }
  return <LoadedDocument document={query.data} />;
}

function BackLink() {
  return (
    <Button asChild variant="ghost" size="sm" className="w-fit">
      <Link to="/library">
        <ArrowLeft aria-hidden="true" />
        Library
      </Link>
    </Button>
  );
}

function LoadedDocument({ document }: { document: DocumentPublic }) {
  const current = document.current_version;
  const [viewed, setViewed] = useState<number | null>(null);
  const [tab, setTab] = useState("content");
  const shown = viewed ?? current;
  const versions = useVersions(document.id, current);
  const drafts = useDrafts(document.id, current);
  const dir = textDirection(document.language);

  return (
    <div className="grid gap-4">
      <BackLink />
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div className="grid gap-1">
          <h1 className="text-2xl font-semibold" dir={dir} lang={document.language ?? undefined}>
            {document.title || "Untitled"}
          </h1>
          <div className="flex flex-wrap items-center gap-2 text-sm text-muted-foreground">
            <StatusBadge status={document.status} />
            <span>{KIND_LABELS[document.kind]}</span>
            <span aria-hidden="true">·</span>
            <span>{document.language ? (LANGUAGE_NAMES[document.language] ?? document.language) : "no language"}</span>
            <span aria-hidden="true">·</span>
            <span>{formatNumber(document.word_count)} words</span>
            <span aria-hidden="true">·</span>
            <span>{current > 0 ? `version ${current}` : "no version yet"}</span>
            <span aria-hidden="true">·</span>
            <span>
              updated <time dateTime={document.updated_at}>{formatRelative(document.updated_at)}</time>
            </span>
          </div>
        </div>
        <div className="flex gap-2">
          <ExportMenu document={document} version={shown} />
          <DeleteButton document={document} />
        </div>
      </header>

      {document.error ? (
        <Alert variant={document.status === "failed" ? "destructive" : "warning"}>
          <AlertTitle>{document.status === "failed" ? "The last run failed" : "The last run stopped"}</AlertTitle>
          <AlertDescription>{document.error}</AlertDescription>
        </Alert>
      ) : null}

      {document.kind === "image" ? <ImagePanel id={document.id} /> : null}

      {document.published && document.published.length > 0 ? (
        <Card>
          <CardHeader>
            <CardTitle>Published</CardTitle>
          </CardHeader>
          <CardContent>
            <ul className="grid gap-1 text-sm">
              {document.published.map((place) => (
                <li key={`${place.site_id}-${place.remote_id}`} className="flex flex-wrap items-center gap-2">
                  <a href={place.remote_url} target="_blank" rel="noopener noreferrer" className="inline-flex items-center gap-1 underline underline-offset-4">
                    {place.remote_url}
                    <ExternalLink aria-hidden="true" className="size-3" />
                    <span className="sr-only">(opens in a new tab)</span>
                  </a>
                  <Badge variant="outline">{place.remote_status}</Badge>
                  <span className="text-muted-foreground">{formatDateTime(place.updated_at)}</span>
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      ) : null}

      {current === 0 ? (
        <EmptyState title={document.status === "generating" ? "Being generated" : "No version"}>
          {document.status === "generating"
            ? "Its first version appears here when the run finishes; this page looks again every few seconds."
            : "The run that should have made it ended without content."}
        </EmptyState>
      ) : (
        <Tabs value={tab} onValueChange={setTab} className="grid gap-3">
          <TabsList className="w-fit">
            <TabsTrigger value="content">Content</TabsTrigger>
            <TabsTrigger value="versions">Versions{versions.data ? ` (${versions.data.length})` : ""}</TabsTrigger>
            <TabsTrigger value="compare" disabled={current < 2}>
              Compare
            </TabsTrigger>
            {drafts.data && drafts.data.length > 0 ? <TabsTrigger value="drafts">Kept drafts ({drafts.data.length})</TabsTrigger> : null}
          </TabsList>
          <TabsContent value="content">
            <ContentPanel document={document} version={shown} onVersion={setViewed} versions={versions.data} />
          </TabsContent>
          <TabsContent value="versions">
            <VersionsPanel
              query={versions}
              current={current}
              onShow={(version) => {
                setViewed(version);
                setTab("content");
              }}
            />
          </TabsContent>
          <TabsContent value="compare">
            <ComparePanel document={document} versions={versions.data} />
          </TabsContent>
          {drafts.data && drafts.data.length > 0 ? (
            <TabsContent value="drafts">
              <div className="grid gap-3">
                <p className="text-sm text-muted-foreground">
                  Edits that arrived after another edit of the same version. They are kept so nothing typed is lost.
                </p>
                {drafts.data.map((draft) => (
                  <Card key={draft.id}>
                    <CardHeader>
                      <CardTitle>
                        Draft on version {draft.base_version}, {formatDateTime(draft.created_at)}
                      </CardTitle>
                    </CardHeader>
                    <CardContent>
                      <BodyFields body={draft.body} language={document.language} />
                    </CardContent>
                  </Card>
                ))}
              </div>
            </TabsContent>
          ) : null}
        </Tabs>
      )}
    </div>
  );
}

function VersionPicker({
  label,
  value,
  versions,
  onChange,
  disabledVersion,
}: {
  label: string;
  value: number;
  versions: DocumentVersion[];
  onChange: (version: number) => void;
  disabledVersion?: number;
}) {
  const id = useId();
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Select value={String(value)} onValueChange={(next) => onChange(Number(next))}>
        <SelectTrigger id={id} className="w-64">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          {versions.map((version) => (
            <SelectItem key={version.version} value={String(version.version)} disabled={version.version === disabledVersion}>
              Version {version.version} · {SOURCE_LABELS[version.source]}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    </div>
  );
}

function ContentPanel({
  document,
  version,
  onVersion,
  versions,
}: {
  document: DocumentPublic;
  version: number;
  onVersion: (version: number) => void;
  versions: DocumentVersion[] | undefined;
}) {
  const query = useVersion(document.id, version);
  const html = previewHtml(query.data?.body);
  return (
    <div className="grid gap-4">
      {versions && versions.length > 1 ? (
        <VersionPicker label="Version shown" value={version} versions={versions} onChange={onVersion} />
      ) : null}
      {query.isPending ? (
        <LoadingRows rows={5} label="Loading the version" />
      ) : query.isError ? (
        <ErrorState error={query.error} title="Could not load this version" onRetry={() => void query.refetch()} />
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          <Card>
            <CardHeader>
              <CardTitle>Fields</CardTitle>
            </CardHeader>
            <CardContent>
              <BodyFields body={query.data.body} language={document.language} />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Preview</CardTitle>
            </CardHeader>
            <CardContent>
              {html ? (
                <HtmlPreview html={html} language={document.language} title={`Preview of version ${version}`} />
              ) : (
                <p className="text-sm text-muted-foreground">This version has no HTML to preview.</p>
              )}
            </CardContent>
          </Card>
        </div>
      )}
    </div>
  );
}

function BodyFields({ body, language }: { body: Record<string, unknown> | null | undefined; language: string | null }) {
  const fields = flattenBody(body);
  if (fields.length === 0) return <p className="text-sm text-muted-foreground">This version has no content.</p>;
  return (
    <dl className="grid gap-3">
      {fields.map((field) => (
        <div key={field.key} className="grid gap-0.5">
          <dt className="text-xs font-semibold uppercase tracking-wide text-muted-foreground">{field.label}</dt>
          <dd dir={textDirection(language)} lang={language ?? undefined} className="whitespace-pre-wrap break-words text-sm">
            {field.text || <span className="text-muted-foreground">(empty)</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function VersionsPanel({
  query,
  current,
  onShow,
}: {
  query: ReturnType<typeof useVersions>;
  current: number;
  onShow: (version: number) => void;
}) {
  if (query.isPending) return <LoadingRows rows={3} label="Loading versions" />;
  if (query.isError) return <ErrorState error={query.error} title="Could not load the versions" onRetry={() => void query.refetch()} />;
  if (query.data.length === 0) return <EmptyState title="No versions yet" />;
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Version</TableHead>
          <TableHead>Made</TableHead>
          <TableHead className="text-end">Words</TableHead>
          <TableHead>When</TableHead>
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {[...query.data].reverse().map((version) => (
          <TableRow key={version.version}>
            <TableCell>
              {version.version}
              {version.version === current ? <Badge variant="outline" className="ms-2">current</Badge> : null}
            </TableCell>
            <TableCell>{SOURCE_LABELS[version.source]}</TableCell>
            <TableCell className="text-end tabular-nums">{formatNumber(version.word_count)}</TableCell>
            <TableCell>{formatDateTime(version.created_at)}</TableCell>
            <TableCell>
              <Button variant="outline" size="sm" onClick={() => onShow(version.version)}>
                Show version {version.version}
              </Button>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function ComparePanel({ document, versions }: { document: DocumentPublic; versions: DocumentVersion[] | undefined }) {
  const current = document.current_version;
  const [from, setFrom] = useState(Math.max(1, current - 1));
  const [to, setTo] = useState(current);
  const before = useVersion(document.id, from);
  const after = useVersion(document.id, to);
  if (!versions) return <LoadingRows rows={3} label="Loading versions" />;
  if (versions.length < 2) return <EmptyState title="Only one version">Edit or regenerate it to have something to compare.</EmptyState>;
  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-end gap-3">
        <VersionPicker label="Compare version" value={from} versions={versions} onChange={setFrom} disabledVersion={to} />
        <VersionPicker label="with version" value={to} versions={versions} onChange={setTo} disabledVersion={from} />
      </div>
      {before.isPending || after.isPending ? (
        <LoadingRows rows={4} label="Loading both versions" />
      ) : before.isError || after.isError ? (
        <ErrorState
          error={before.error ?? after.error}
          title="Could not load the versions"
          onRetry={() => {
            void before.refetch();
            void after.refetch();
          }}
        />
      ) : (
        <VersionDiff before={before.data.body} after={after.data.body} fromVersion={from} toVersion={to} language={document.language} />
      )}
    </div>
  );
}

function ExportMenu({ document, version }: { document: DocumentPublic; version: number }) {
  const exporter = useExport(document.id);
  const once = useOnce();
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="outline" disabled={version === 0 || exporter.isPending}>
          <Download aria-hidden="true" />
          {exporter.isPending ? "Exporting…" : "Export"}
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuLabel>Download version {version} as</DropdownMenuLabel>
        <DropdownMenuSeparator />
        {/* An image's record exports as JSON only; the picture itself is "Download the picture". */}
        {EXPORT_FORMATS.filter(({ format }) => document.kind !== "image" || format === "json").map(({ format, label }) => (
          <DropdownMenuItem
            key={format}
            onSelect={() => {
              once((done) =>
                exporter.mutate(
                  { format, version },
                  {
                    onSuccess: (name) => toast({ title: "Downloaded", description: name, variant: "success" }),
                    onError: (error) => toast({ title: `Could not export as ${label}`, description: errorMessage(error), variant: "destructive" }),
                    onSettled: done,
                  },
                ),
              );
            }}
          >
            {label}
          </DropdownMenuItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

function DeleteButton({ document }: { document: DocumentPublic }) {
  const [open, setOpen] = useState(false);
  const remove = useDeleteDocument();
  const once = useOnce();
  const navigate = useNavigate();
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) remove.reset();
      }}
    >
      <DialogTrigger asChild>
        <Button variant="destructive">
          <Trash2 aria-hidden="true" />
          Delete
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Delete this document?</DialogTitle>
          <DialogDescription>
            “{document.title || "Untitled"}” goes with all {document.current_version} {document.current_version === 1 ? "version" : "versions"}, its kept
            drafts and its exported files. This cannot be undone. Posts already published stay on their sites.
          </DialogDescription>
        </DialogHeader>
        {remove.isError ? (
          <Alert variant="destructive">
            <AlertTitle>Not deleted</AlertTitle>
            <AlertDescription>{errorMessage(remove.error)}</AlertDescription>
          </Alert>
        ) : null}
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline">Keep it</Button>
          </DialogClose>
          <Button
            variant="destructive"
            disabled={remove.isPending}
            onClick={() =>
              once((done) =>
                remove.mutate(document.id, {
                  onSuccess: () => {
                    setOpen(false);
                    toast({ title: "Document deleted", description: document.title, variant: "success" });
                    void navigate("/library");
                  },
                  onSettled: done,
                }),
              )
            }
          >
            {remove.isPending ? "Deleting…" : "Delete for good"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
