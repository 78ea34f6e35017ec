import { FileText, Search, X } from "lucide-react";
import { useEffect, useId, useState } from "react";
import { Link, useSearchParams } from "react-router";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { FieldError } from "@/components/ui/field-error";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { LoadingRows } from "@/components/ui/skeleton";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatNumber, formatRelative, textDirection } from "@/lib/format";
import { ApiProblem } from "@/lib/problems";

import {
  DOCUMENT_KINDS,
  DOCUMENT_STATUSES,
  PAGE_SIZE,
  useDocuments,
  type DocumentKind,
  type DocumentStatus,
  type LibraryFilters,
} from "../api/documents";
import { ImageAlt, ImageThumb } from "./image-thumb";
import { KIND_LABELS, LANGUAGE_NAMES, StatusBadge } from "./labels";

const ANY = "any";

function filtersFrom(params: URLSearchParams): LibraryFilters {
  const kind = params.get("kind") ?? "";
  const status = params.get("status") ?? "";
  const offset = Number(params.get("offset") ?? "0");
  return {
    q: params.get("q") ?? "",
    kind: (DOCUMENT_KINDS as string[]).includes(kind) ? (kind as DocumentKind) : "",
    status: (DOCUMENT_STATUSES as string[]).includes(status) ? (status as DocumentStatus) : "",
    language: params.get("language") ?? "",
    executionId: params.get("execution_id") ?? "",
    offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
  };
}

export function LibraryList() {
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const [search, setSearch] = useState(filters.q);
  const searchId = useId();
  const kindId = useId();
  const languageId = useId();
  const statusId = useId();
  const query = useDocuments(filters);

  const update = (changes: Partial<Record<"q" | "kind" | "status" | "language" | "execution_id" | "offset", string>>) => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        if (!("offset" in changes)) next.delete("offset");
        return next;
      },
      { replace: true },
    );
  };

  // Search as the user types, once they pause.
  useEffect(() => {
    if (search === filters.q) return;
    const timer = setTimeout(() => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (search.trim()) next.set("q", search.trim());
          else next.delete("q");
          next.delete("offset");
          return next;
        },
        { replace: true },
      );
    }, 350);
    return () => clearTimeout(timer);
  }, [search, filters.q, setParams]);

  const problem = query.error instanceof ApiProblem ? query.error : null;
  const badQuery = problem?.status === 422;
  const data = query.data;
  const filtered = Boolean(filters.q || filters.kind || filters.status || filters.language || filters.executionId);

  return (
    <div className="grid gap-4">
      <div>
        <h1 className="text-2xl font-semibold">Library</h1>
        <p className="text-sm text-muted-foreground">Everything this workspace made: articles, product copy, patterns and more.</p>
      </div>

      <form
        role="search"
        className="grid gap-3 md:grid-cols-[minmax(0,2fr)_repeat(3,minmax(0,1fr))]"
        onSubmit={(event) => {
          event.preventDefault();
          update({ q: search.trim() });
        }}
      >
        <div className="grid gap-1.5">
          <Label htmlFor={searchId}>Search</Label>
          <div className="relative">
            <Search aria-hidden="true" className="pointer-events-none absolute left-2.5 top-2.5 size-4 text-muted-foreground" />
            <Input
              id={searchId}
              type="search"
              className="pl-8"
              placeholder="Words in the title or text"
              value={search}
              maxLength={200}
              aria-invalid={problem?.field("q") ? true : undefined}
              aria-describedby={problem?.field("q") ? `${searchId}-error` : undefined}
              onChange={(event) => setSearch(event.target.value)}
            />
          </div>
          <FieldError id={`${searchId}-error`}>{problem?.field("q")}</FieldError>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor={kindId}>Kind</Label>
          <Select value={filters.kind || ANY} onValueChange={(value) => update({ kind: value === ANY ? "" : value })}>
            <SelectTrigger id={kindId}>
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={ANY}>Any kind</SelectItem>
              {DOCUMENT_KINDS.map((kind) => (
                <SelectItem key={kind} value={kind}>
                  {KIND_LABELS[kind]}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor={languageId}>Language</Label>
          <Select value={filters.language || ANY} onValueChange={(value) => update({ language: value === ANY ? "" : value })}>
            <SelectTrigger id={languageId} aria-invalid={problem?.field("language") ? true : undefined}>
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={ANY}>Any language</SelectItem>
              {Object.entries(LANGUAGE_NAMES).map(([code, name]) => (
                <SelectItem key={code} value={code}>
                  {name}
                </SelectItem>
              ))}
              {filters.language && !(filters.language in LANGUAGE_NAMES) ? (
                <SelectItem value={filters.language}>{filters.language}</SelectItem>
              ) : null}
            </SelectContent>
          </Select>
          <FieldError>{problem?.field("language")}</FieldError>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor={statusId}>Status</Label>
          <Select value={filters.status || ANY} onValueChange={(value) => update({ status: value === ANY ? "" : value })}>
            <SelectTrigger id={statusId}>
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={ANY}>Any status</SelectItem>
              {DOCUMENT_STATUSES.map((status) => (
                <SelectItem key={status} value={status}>
                  {status[0]?.toUpperCase()}
                  {status.slice(1)}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
      </form>

      {filters.executionId ? (
        <div className="flex items-center gap-2 text-sm">
          <Badge variant="outline">Made by run {filters.executionId.slice(0, 8)}</Badge>
          <Button variant="ghost" size="sm" onClick={() => update({ execution_id: "" })}>
            <X aria-hidden="true" />
            Show every run
          </Button>
        </div>
      ) : null}

      {query.isPending ? (
        <LoadingRows rows={6} label="Loading documents" />
      ) : query.isError && !badQuery ? (
        <ErrorState error={query.error} title="Could not load the library" onRetry={() => void query.refetch()} />
      ) : !data || data.items.length === 0 ? (
        <EmptyState
          icon={FileText}
          title={filtered ? "No document matches" : "The library is empty"}
          action={
            filtered ? (
              <Button
                variant="outline"
                onClick={() => {
                  setSearch("");
                  setParams(new URLSearchParams(), { replace: true });
                }}
              >
                Clear search and filters
              </Button>
            ) : undefined
          }
        >
          {filtered
            ? "Try other words, or fewer filters."
            : "Articles, product copy and patterns appear here once they are generated in the studio, by a flow or by the Bulk Generator."}
        </EmptyState>
      ) : (
        <>
          <Table aria-busy={query.isFetching}>
            <TableCaption>
              {formatNumber(data.total)} {data.total === 1 ? "document" : "documents"}
              {filtered ? " match" : ""}; showing {formatNumber(filters.offset + 1)}–{formatNumber(filters.offset + data.items.length)}
            </TableCaption>
            <TableHeader>
              <TableRow>
                <TableHead>Title</TableHead>
                <TableHead>Kind</TableHead>
                <TableHead>Language</TableHead>
                <TableHead>Status</TableHead>
                <TableHead className="text-end">Words</TableHead>
                <TableHead className="text-end">Version</TableHead>
                <TableHead>Updated</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {data.items.map((document) => (
                <TableRow key={document.id}>
                  <TableCell className="max-w-md">
                    <div className="flex items-center gap-3">
                      {document.kind === "image" ? <ImageThumb id={document.id} /> : null}
                      <div className="min-w-0">
                        <Link
                          to={`/library/${document.id}`}
                          className="font-medium underline-offset-4 hover:underline focus-visible:underline"
                          dir={textDirection(document.language)}
                          lang={document.language ?? undefined}
                        >
                          {document.title || "Untitled"}
                        </Link>
                        {document.published && document.published.length > 0 ? (
                          <span className="ms-2 text-xs text-muted-foreground">published</span>
                        ) : null}
                        {document.kind === "image" ? <ImageAlt id={document.id} /> : null}
                      </div>
                    </div>
                  </TableCell>
                  <TableCell>{KIND_LABELS[document.kind]}</TableCell>
                  <TableCell>{document.language ? (LANGUAGE_NAMES[document.language] ?? document.language) : "–"}</TableCell>
                  <TableCell>
                    <StatusBadge status={document.status} />
                  </TableCell>
                  <TableCell className="text-end tabular-nums">{formatNumber(document.word_count)}</TableCell>
                  <TableCell className="text-end tabular-nums">{document.current_version || "–"}</TableCell>
                  <TableCell>
                    <time dateTime={document.updated_at} title={document.updated_at}>
                      {formatRelative(document.updated_at)}
                    </time>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <nav aria-label="Pages" className="flex items-center justify-end gap-2">
            <Button
              variant="outline"
              size="sm"
              disabled={filters.offset === 0}
              onClick={() => update({ offset: String(Math.max(0, filters.offset - PAGE_SIZE)) })}
            >
              Previous
            </Button>
            <Button
              variant="outline"
              size="sm"
              disabled={data.next_offset === null}
              onClick={() => update({ offset: String(data.next_offset ?? 0) })}
            >
              Next
            </Button>
          </nav>
        </>
      )}
    </div>
  );
}
