import { useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, Download, Loader2, Pencil, RefreshCw, Save } from "lucide-react";
import { useCallback, useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Textarea } from "@/components/ui/textarea";
import { API_BASE } from "@/lib/api/client";
import { directionOf } from "@/lib/direction";
import { downloadWithAuth } from "@/lib/download";
import { formProblems } from "@/lib/form-problems";
import { formatNumber } from "@/lib/format";
import { errorMessage } from "@/lib/problems";

import { bookKeys, useBook, useChapters, useEditChapter, useRegenerateChapter, type BookPublic, type ChapterPublic } from "../api/books";
import { FORMATS } from "../lib/limits";
import { BookRun } from "./book-run";
import { BookReader } from "./book-reader";

function score(value: number): string {
  return value.toFixed(1);
}

/** The book's record: its length against the target, S_l per chapter and for the book, continuity. */
function BookRecord({ book }: { book: BookPublic }) {
  const length = book.length;
  if (!length) return null;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Record</CardTitle>
        <CardDescription>Length by the book&apos;s word rule; S_l is LongWriter&apos;s length score (100 is on target).</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
          <div>
            <dt className="text-muted-foreground">Length</dt>
            <dd className="font-medium">
              {formatNumber(length.words)} of {formatNumber(length.target)} {length.unit}
            </dd>
          </div>
          <div>
            <dt className="text-muted-foreground">S_l of the book</dt>
            <dd className="font-medium">{score(length.score)}</dd>
          </div>
          <div>
            <dt className="text-muted-foreground">Mean S_l of the chapters</dt>
            <dd className="font-medium">
              {score(length.mean_chapter_score)} ({length.chapters_within_tolerance} of {book.chapters.length} within ±{Math.round(length.tolerance * 100)}%)
            </dd>
          </div>
          <div>
            <dt className="text-muted-foreground">Continuity issues</dt>
            <dd className="font-medium">
              {book.continuity ? `${String(book.continuity.found)} found, ${String(book.continuity.fixed)} fixed` : "none checked"}
            </dd>
          </div>
        </dl>
        {book.models.length ? <p className="text-xs text-muted-foreground">Written by {book.models.join(", ")}</p> : null}
      </CardContent>
    </Card>
  );
}

/** Every format of the current version, downloaded with the session's token. */
function BookDownloads({ book }: { book: BookPublic }) {
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<{ format: string; message: string } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const download = async (format: string, ext: string) => {
    setPending(format);
    setError(null);
    try {
      setSaved(await downloadWithAuth(`${API_BASE}/books/${encodeURIComponent(book.id)}/formats/${format}`, `book.${ext}`));
    } catch (problem) {
      setError({ format, message: errorMessage(problem) });
    } finally {
      setPending(null);
    }
  };
  return (
    <Card>
      <CardHeader>
        <CardTitle>Downloads</CardTitle>
        <CardDescription>Version {book.current_version}; a format not exported yet is exported on download.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        <div className="flex flex-wrap gap-2">
          {FORMATS.map((entry) => (
            <Button key={entry.format} variant="outline" size="sm" disabled={pending !== null} onClick={() => void download(entry.format, entry.ext)}>
              {pending === entry.format ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Download aria-hidden="true" />}
              {entry.label}
            </Button>
          ))}
        </div>
        <p role="status" aria-live="polite" className="text-sm text-muted-foreground">
          {saved ? `Downloaded ${saved}` : ""}
        </p>
        {error ? (
          <Alert variant="destructive">
            <AlertTitle>The {error.format.toUpperCase()} could not be downloaded</AlertTitle>
            <AlertDescription>{error.message}</AlertDescription>
          </Alert>
        ) : null}
      </CardContent>
    </Card>
  );
}

/** One chapter's text and title, saved as the book's next version. */
function ChapterEditor({
  book,
  chapter,
  version,
  onSaved,
  onClose,
}: {
  book: BookPublic;
  chapter: ChapterPublic;
  version: number;
  onSaved: (saved: string) => void;
  onClose: () => void;
}) {
  const [title, setTitle] = useState(chapter.title);
  const [text, setText] = useState(chapter.text);
  const edit = useEditChapter(book.id);
  const errors = formProblems(edit.error, ["title", "text", "base_version"], "text");
  const dir = directionOf(book.language);
  return (
    <form
      aria-label={`Edit chapter ${String(chapter.number)}`}
      className="grid gap-3 rounded-lg border p-4"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (edit.isPending) return;
        edit.mutate(
          { number: chapter.number, baseVersion: version, title, text },
          {
            onSuccess: (saved) =>
              onSaved(
                `Saved as version ${String(saved.version)}: chapter ${String(saved.chapter.number)} has ${formatNumber(saved.chapter.words)} words.${saved.export_error ? ` Exporting again failed: ${saved.export_error}` : ""}`,
              ),
          },
        );
      }}
    >
      <h3 className="font-medium">Edit chapter {chapter.number}</h3>
      <FormField label="Chapter title" error={errors.field("title")}>
        {(control) => <Input {...control} value={title} dir={dir} maxLength={300} onChange={(event) => setTitle(event.target.value)} />}
      </FormField>
      <FormField
        label="Chapter text"
        error={errors.field("text") ?? errors.field("base_version")}
        hint="Paragraphs separated by a blank line; * * * alone is a scene break; ## starts a subheading."
      >
        {(control) => <Textarea {...control} value={text} dir={dir} rows={16} onChange={(event) => setText(event.target.value)} />}
      </FormField>
      {errors.rest.length ? (
        <Alert variant="destructive">
          <AlertTitle>The chapter was not saved</AlertTitle>
          <AlertDescription>{errors.rest.join(" ")}</AlertDescription>
        </Alert>
      ) : null}
      <div className="flex gap-2">
        <Button type="submit" disabled={edit.isPending || !text.trim() || !title.trim()}>
          {edit.isPending ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Save aria-hidden="true" />}
          Save chapter
        </Button>
        <Button variant="outline" onClick={onClose}>
          Close
        </Button>
      </div>
    </form>
  );
}

/** The chapters' measures, each with edit and regenerate. */
function ChapterTable({ book, chapters, version, onRegenerated }: { book: BookPublic; chapters: ChapterPublic[]; version: number; onRegenerated: (executionId: string) => void }) {
  const [editing, setEditing] = useState<number | null>(null);
  const [saved, setSaved] = useState("");
  const regenerate = useRegenerateChapter(book.id);
  const chapter = chapters.find((entry) => entry.number === editing);
  return (
    <div className="grid gap-4">
      {regenerate.isError ? (
        <Alert variant="destructive">
          <AlertTitle>The chapter could not be written again</AlertTitle>
          <AlertDescription>{errorMessage(regenerate.error)}</AlertDescription>
        </Alert>
      ) : null}
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="sr-only">Chapters of version {version}</caption>
          <thead>
            <tr className="border-b text-start">
              <th scope="col" className="p-2 text-start">Chapter</th>
              <th scope="col" className="p-2 text-end">Words</th>
              <th scope="col" className="p-2 text-end">Target</th>
              <th scope="col" className="p-2 text-end">S_l</th>
              <th scope="col" className="p-2 text-end">Issues found / fixed</th>
              <th scope="col" className="p-2 text-start">Actions</th>
            </tr>
          </thead>
          <tbody>
            {chapters.map((entry) => (
              <tr key={entry.number} className="border-b">
                <td className="p-2" dir="auto">
                  {entry.number}. {entry.title}
                  {entry.edited ? <Badge variant="secondary" className="ms-2">edited</Badge> : null}
                  {entry.rewritten ? <Badge variant="warning" className="ms-2">rewritten</Badge> : null}
                </td>
                <td className="p-2 text-end">{formatNumber(entry.words)}</td>
                <td className="p-2 text-end">{formatNumber(entry.target)}</td>
                <td className="p-2 text-end">{score(entry.score)}</td>
                <td className="p-2 text-end">
                  {entry.issues_found} / {entry.issues_fixed}
                </td>
                <td className="p-2">
                  <div className="flex flex-wrap gap-1">
                    <Button size="sm" variant="outline" aria-label={`Edit chapter ${String(entry.number)}`} onClick={() => {
                        setEditing(entry.number);
                        setSaved("");
                      }}>
                      <Pencil aria-hidden="true" />
                      Edit
                    </Button>
                    <Button
                      size="sm"
                      variant="outline"
                      aria-label={`Regenerate chapter ${String(entry.number)}`}
                      disabled={regenerate.isPending || book.status === "generating"}
                      onClick={() => regenerate.mutate(entry.number, { onSuccess: (started) => onRegenerated(started.execution_id) })}
                    >
                      <RefreshCw aria-hidden="true" />
                      Regenerate
                    </Button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {chapter ? <ChapterEditor key={`${String(version)}-${String(chapter.number)}`} book={book} chapter={chapter} version={version} onSaved={setSaved} onClose={() => setEditing(null)} /> : null}
      <p role="status" aria-live="polite" className="text-sm">
        {saved}
      </p>
    </div>
  );
}

/** The current version's chapters: the table with the editor, and the reader. */
function BookChaptersSection({ book, onRegenerated }: { book: BookPublic; onRegenerated: (executionId: string) => void }) {
  const chapters = useChapters(book.id, book.current_version);
  if (chapters.isPending)
    return (
      <div role="status" aria-live="polite">
        <span className="sr-only">Loading the chapters…</span>
        <Skeleton className="h-64 w-full" />
      </div>
    );
  if (chapters.isError) return <ErrorState error={chapters.error} title="The chapters could not be loaded" onRetry={() => void chapters.refetch()} />;
  return (
    <Tabs defaultValue="chapters" className="grid gap-4">
      <TabsList>
        <TabsTrigger value="chapters">Chapters</TabsTrigger>
        <TabsTrigger value="reader">Reader</TabsTrigger>
      </TabsList>
      <TabsContent value="chapters">
        <ChapterTable book={book} chapters={chapters.data.chapters} version={chapters.data.version} onRegenerated={onRegenerated} />
      </TabsContent>
      <TabsContent value="reader">
        <BookReader book={book} chapters={chapters.data.chapters} />
      </TabsContent>
    </Tabs>
  );
}

/** One book: its run while it is written, then its record, chapters, editor, reader and downloads. */
export function BookView() {
  const { id = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const book = useBook(id);
  const client = useQueryClient();
  // A decided review resumes the run: follow it again from a fresh stream.
  const [round, setRound] = useState(0);
  const runParam = params.get("run");
  const following = runParam ?? (book.data?.status === "generating" ? book.data.execution_id : null);

  const onUpdate = useCallback(
    (status: string) => {
      void client.invalidateQueries({ queryKey: bookKeys.all });
      if (status === "completed") setParams({}, { replace: true });
    },
    [client, setParams],
  );

  if (book.isError) return <ErrorState error={book.error} title="The book could not be loaded" onRetry={() => void book.refetch()} />;
  if (!book.data)
    return (
      <div role="status" aria-live="polite" className="grid gap-3">
        <span className="sr-only">Loading the book…</span>
        <Skeleton className="h-8 w-1/2" />
        <Skeleton className="h-40 w-full" />
      </div>
    );
  const data = book.data;
  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <Button asChild variant="ghost" size="sm">
          <Link to="/books">
            <ArrowLeft aria-hidden="true" className="rtl:rotate-180" />
            All books
          </Link>
        </Button>
        <h2 className="text-xl font-semibold" dir="auto">
          {data.title}
        </h2>
        <Badge variant={data.status === "ready" ? "success" : data.status === "generating" ? "secondary" : "destructive"}>{data.status}</Badge>
        {data.author ? <span className="text-sm text-muted-foreground">by {data.author}</span> : null}
      </div>
      {data.error && data.status !== "generating" ? (
        <Alert variant="destructive">
          <AlertTitle>The last run did not finish</AlertTitle>
          <AlertDescription>{data.error}</AlertDescription>
        </Alert>
      ) : null}
      {data.export_error ? (
        <Alert variant="destructive">
          <AlertTitle>The chapters are kept, but the book could not be exported</AlertTitle>
          <AlertDescription>{data.export_error} A format not exported yet is exported when you download it, once the cause is fixed.</AlertDescription>
        </Alert>
      ) : null}
      {data.cover_note ? (
        <Alert>
          <AlertTitle>Typographic cover</AlertTitle>
          <AlertDescription>{data.cover_note}</AlertDescription>
        </Alert>
      ) : null}
      {following ? (
        <BookRun
          key={`${following}:${String(round)}`}
          executionId={following}
          book={data}
          onUpdate={onUpdate}
          onDecided={() => {
            setRound((current) => current + 1);
            void client.invalidateQueries({ queryKey: bookKeys.all });
          }}
        />
      ) : null}
      {data.current_version > 0 ? (
        <>
          <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
            <BookRecord book={data} />
            <BookDownloads book={data} />
          </div>
          <BookChaptersSection book={data} onRegenerated={(executionId) => setParams({ run: executionId })} />
        </>
      ) : null}
    </div>
  );
}
