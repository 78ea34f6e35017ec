import { AlertTriangle, CheckCircle2, FileUp, Loader2, Play } from "lucide-react";
import { useId, useMemo, useState, type ReactNode } from "react";
import { useNavigate } from "react-router";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError } from "@/components/ui/field-error";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { formatNumber } from "@/lib/format";
import { ApiProblem, fieldName, problemMessage } from "@/lib/problems";

import { ErrorState } from "@/components/ui/error-state";
import { LoadingRows } from "@/components/ui/skeleton";
import { useOnce } from "@/lib/use-once";
import { useDebounced } from "@/lib/use-debounced";

import { useBulkFields, useDryRun, useModels, useSites, useStores, useSubmit, type Submission } from "../api/bulk";
import { mapEntries, type BulkKind, type RowProblem } from "../lib/fields";
import { ACCEPTED_EXTENSIONS, cellText, formatOf, parseSource, SourceError, type ParsedSource } from "../lib/source";

const UNUSED = "__unused__";
const DEFAULT_MODEL = "__default__";
const NO_TARGET = "__none__";
const PREVIEW_ROWS = 5;
const SHOWN_PROBLEMS = 200;

/** Text of an upload: UTF-8, or UTF-16 when it starts with a byte-order mark (Excel's "Unicode text"). */
async function readText(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new SourceError("the file is not UTF-8 text: save it as UTF-8 CSV, JSON Lines or JSON");
  }
}

const languageNames = new Intl.DisplayNames(["en"], { type: "language" });

/** "English, German, French or Spanish" for the languages the server's alias table has. */
function languageList(codes: readonly string[]): string {
  const names = codes.map((code) => languageNames.of(code) ?? code);
  return names.length > 1 ? `${names.slice(0, -1).join(", ")} or ${names.at(-1) ?? ""}` : (names[0] ?? "");
}

function guessKind(columns: string[]): BulkKind {
  const names = columns.map((column) => column.trim().toLowerCase());
  return names.includes("topic") && !names.includes("name") ? "article" : "product";
}

/** The server's problems split by place: rows, mapping fields, options, and the rest. */
function splitProblems(problem: ApiProblem | null) {
  const rows: RowProblem[] = [];
  const mapping: Record<string, string> = {};
  const options: Record<string, string> = {};
  const other: string[] = [];
  for (const entry of problem?.problem.errors ?? []) {
    const parts = fieldName(entry.field).split(".");
    const [first, second, third] = parts;
    if ((first === "file" || first === "rows") && second !== undefined && /^\d+$/.test(second)) {
      rows.push({ row: Number(second), field: third ?? "row", message: entry.message.replace(/^row \d+: /, "") });
    } else if ((first === "map" || first === "mapping") && second !== undefined) {
      mapping[parts.slice(1).join(".")] ??= entry.message;
    } else if (first && ["kind", "model", "concurrency", "list_separator", "publish_site", "publish_status", "publish_store"].includes(first)) {
      options[first] ??= entry.message;
    } else {
      other.push(entry.field && fieldName(entry.field) !== entry.field ? `${fieldName(entry.field)}: ${entry.message}` : entry.message);
    }
  }
  return { rows, mapping, options, other };
}

function Step({ number, title, description, children }: { number: number; title: string; description?: ReactNode; children: ReactNode }) {
  const id = useId();
  return (
    <Card aria-labelledby={id}>
      <CardHeader>
        <CardTitle id={id}>
          <span className="me-2 inline-flex size-6 items-center justify-center rounded-full bg-primary text-xs text-primary-foreground" aria-hidden="true">
            {number}
          </span>
          {title}
        </CardTitle>
        {description ? <CardDescription>{description}</CardDescription> : null}
      </CardHeader>
      <CardContent className="grid gap-4">{children}</CardContent>
    </Card>
  );
}

export function NewJob() {
  const navigate = useNavigate();
  const fileId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [source, setSource] = useState<ParsedSource | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const [kind, setKind] = useState<BulkKind>("product");
  // The user's matches; null until they change one: the server's first guess is shown then.
  const [mapping, setMapping] = useState<Record<string, string> | null>(null);
  const [model, setModel] = useState(DEFAULT_MODEL);
  const [concurrency, setConcurrency] = useState("4");
  const [separator, setSeparator] = useState("|");
  const [site, setSite] = useState(NO_TARGET);
  const [publishStatus, setPublishStatus] = useState<"draft" | "publish">("draft");
  const [store, setStore] = useState(NO_TARGET);
  const [serverProblem, setServerProblem] = useState<ApiProblem | null>(null);

  const models = useModels();
  const sites = useSites();
  const stores = useStores();
  const submit = useSubmit();
  const once = useOnce();

  const writesToStore = kind === "product" && store !== NO_TARGET;
  const listing = useBulkFields(kind, writesToStore, source?.columns ?? null);
  const fields = useMemo(() => listing.data?.fields ?? [], [listing.data]);
  const matched = useMemo(() => mapping ?? listing.data?.detected ?? {}, [mapping, listing.data]);
  const concurrencyValue = Number(concurrency);
  const concurrencyError =
    Number.isInteger(concurrencyValue) && concurrencyValue >= 1 && concurrencyValue <= 64 ? undefined : "A whole number from 1 to 64.";
  const separatorError = separator.length >= 1 && separator.length <= 5 ? undefined : "1 to 5 characters.";

  // The job as it would be sent; the server's dry run checks it (after typing stops).
  const submission = useMemo<Submission | null>(
    () =>
      file && source && listing.data && !concurrencyError && !separatorError
        ? {
            file,
            kind,
            model: model === DEFAULT_MODEL ? "" : model,
            concurrency: concurrencyValue,
            listSeparator: separator,
            map: mapEntries(matched),
            publishSite: site === NO_TARGET ? "" : site,
            publishStatus,
            publishStore: store === NO_TARGET ? "" : store,
          }
        : null,
    [file, source, listing.data, concurrencyError, separatorError, kind, model, concurrencyValue, separator, matched, site, publishStatus, store],
  );
  const checking = useDebounced(submission, 400);
  const dryRun = useDryRun(checking);
  // Checked: the answer is for these very inputs (not one shown while they are checked anew).
  const settled = checking === submission && !dryRun.isFetching && !dryRun.isPlaceholderData && dryRun.data !== undefined;
  const checked = settled && dryRun.data.ok ? dryRun.data.check : null;
  const checkProblem = dryRun.data && !dryRun.data.ok ? dryRun.data.problem : null;
  // What the server said last: the refused submission, else the dry run of these inputs.
  const shownProblem = serverProblem ?? checkProblem;
  const server = useMemo(() => splitProblems(shownProblem), [shownProblem]);
  const problems = useMemo(
    () => [...server.rows].sort((a, b) => a.row - b.row || a.field.localeCompare(b.field)),
    [server.rows],
  );
  const badRows = useMemo(() => new Set(problems.map((problem) => problem.row)), [problems]);

  const changed = () => {
    setServerProblem(null);
    submit.reset();
  };

  const chooseFile = async (chosen: File | null) => {
    changed();
    setFile(chosen);
    setSource(null);
    setMapping(null);
    setReadError(null);
    if (!chosen) return;
    const format = formatOf(chosen.name);
    if (!format) {
      setReadError(`${chosen.name} does not end in ${ACCEPTED_EXTENSIONS.join(", ")}`);
      return;
    }
    setReading(true);
    try {
      const parsed = parseSource(await readText(chosen), format);
      setSource(parsed);
      setKind(guessKind(parsed.columns));
    } catch (error) {
      setReadError(error instanceof Error ? error.message : "The file cannot be read.");
    } finally {
      setReading(false);
    }
  };

  const chooseKind = (next: BulkKind) => {
    changed();
    setKind(next);
    setMapping(null);
  };

  const ready = submission !== null && checked !== null && serverProblem === null && !submit.isPending;

  const start = () => {
    if (!ready) return;
    once((done) =>
      submit.mutate(
        submission,
        {
          onSuccess: (job) => {
            toast({ title: "Bulk job started", description: `${formatNumber(job.total)} items`, variant: "success" });
            void navigate(`/bulk/${job.id}`);
          },
          onError: (error) => {
            if (error instanceof ApiProblem) setServerProblem(error);
          },
          onSettled: done,
        },
      ),
    );
  };

  const usable = (models.data ?? []).filter((entry) => entry.available && !entry.name.includes("*"));
  const unavailable = (models.data ?? []).filter((entry) => !entry.available).length;
  const previewFields = fields.filter((field) => matched[field.name] !== undefined);

  return (
    <div className="grid gap-4">
      <Step number={1} title="Upload the rows" description="A CSV (comma, semicolon or tab), JSON Lines or a JSON list: one product or article per row, up to 10,000.">
        <div className="grid gap-1.5">
          <Label htmlFor={fileId}>File to upload</Label>
          <Input
            id={fileId}
            type="file"
            accept={[...ACCEPTED_EXTENSIONS, "text/csv", "application/json"].join(",")}
            aria-invalid={readError || server.options.file ? true : undefined}
            aria-describedby={readError ? `${fileId}-error` : undefined}
            onChange={(event) => void chooseFile(event.target.files?.[0] ?? null)}
          />
          <FieldError id={`${fileId}-error`}>{readError}</FieldError>
          {reading ? (
            <p role="status" className="text-sm text-muted-foreground">
              Reading the file…
            </p>
          ) : null}
          {source && file ? (
            <p className="text-sm text-muted-foreground">
              {file.name}: {formatNumber(source.rows.length)} rows, {source.columns.length} columns ({source.columns.join(", ")}).
            </p>
          ) : null}
        </div>
      </Step>

      {source ? (
        <>
          <Step number={2} title="What to make and how">
            <div className="grid gap-4 md:grid-cols-3">
              <FormField label="Each row is" error={server.options.kind}>
                {(control) => (
                  <Select value={kind} onValueChange={(value) => chooseKind(value as BulkKind)}>
                    <SelectTrigger {...control}>
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      <SelectItem value="product">A product (product copy)</SelectItem>
                      <SelectItem value="article">An article brief</SelectItem>
                    </SelectContent>
                  </Select>
                )}
              </FormField>
              <FormField
                label="Model"
                error={server.options.model ?? (models.isError ? "The models could not be loaded; the server's default model is used." : undefined)}
                hint={unavailable > 0 ? `${unavailable} more cannot run now; Settings › Models says why.` : undefined}
              >
                {(control) => (
                  <Select
                    value={model}
                    onValueChange={(value) => {
                      changed();
                      setModel(value);
                    }}
                  >
                    <SelectTrigger {...control}>
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      <SelectItem value={DEFAULT_MODEL}>The workspace's default model</SelectItem>
                      {usable.map((entry) => (
                        <SelectItem key={entry.id} value={entry.id}>
                          {entry.id}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                )}
              </FormField>
              <FormField label="Items at the same time" error={concurrencyError ?? server.options.concurrency}>
                {(control) => (
                  <Input
                    {...control}
                    type="number"
                    inputMode="numeric"
                    min={1}
                    max={64}
                    value={concurrency}
                    onChange={(event) => {
                      changed();
                      setConcurrency(event.target.value);
                    }}
                  />
                )}
              </FormField>
              <FormField label="List separator" hint="Splits keyword and feature cells." error={separatorError ?? server.options.list_separator}>
                {(control) => (
                  <Input
                    {...control}
                    value={separator}
                    maxLength={5}
                    onChange={(event) => {
                      changed();
                      setSeparator(event.target.value);
                    }}
                  />
                )}
              </FormField>
              {kind === "article" ? (
                <>
                  <FormField
                    label="Publish each article to"
                    error={server.options.publish_site ?? (sites.isError ? "The WordPress sites could not be loaded." : undefined)}
                    hint={sites.data?.length === 0 ? "No WordPress site is connected (Settings › WordPress)." : undefined}
                  >
                    {(control) => (
                      <Select
                        value={site}
                        onValueChange={(value) => {
                          changed();
                          setSite(value);
                        }}
                      >
                        <SelectTrigger {...control}>
                          <SelectValue />
                        </SelectTrigger>
                        <SelectContent>
                          <SelectItem value={NO_TARGET}>Nowhere (keep in the library)</SelectItem>
                          {(sites.data ?? []).map((entry) => (
                            <SelectItem key={entry.id} value={entry.name}>
                              {entry.name} ({entry.url})
                            </SelectItem>
                          ))}
                        </SelectContent>
                      </Select>
                    )}
                  </FormField>
                  {site !== NO_TARGET ? (
                    <FormField label="As" error={server.options.publish_status}>
                      {(control) => (
                        <Select
                          value={publishStatus}
                          onValueChange={(value) => {
                            changed();
                            setPublishStatus(value as "draft" | "publish");
                          }}
                        >
                          <SelectTrigger {...control}>
                            <SelectValue />
                          </SelectTrigger>
                          <SelectContent>
                            <SelectItem value="draft">Drafts</SelectItem>
                            <SelectItem value="publish">Published posts</SelectItem>
                          </SelectContent>
                        </Select>
                      )}
                    </FormField>
                  ) : null}
                </>
              ) : (
                <FormField
                  label="Write the copy back to"
                  error={server.options.publish_store ?? (stores.isError ? "The WooCommerce stores could not be loaded." : undefined)}
                  hint={stores.data?.length === 0 ? "No WooCommerce store is connected (Settings › WooCommerce)." : "Each row then names its product (woo_product_id)."}
                >
                  {(control) => (
                    <Select
                      value={store}
                      onValueChange={(value) => {
                        changed();
                        setStore(value);
                        setMapping(null);
                      }}
                    >
                      <SelectTrigger {...control}>
                        <SelectValue />
                      </SelectTrigger>
                      <SelectContent>
                        <SelectItem value={NO_TARGET}>Nowhere (keep in the library)</SelectItem>
                        {(stores.data ?? []).map((entry) => (
                          <SelectItem key={entry.id} value={entry.name}>
                            {entry.name} ({entry.url})
                          </SelectItem>
                        ))}
                      </SelectContent>
                    </Select>
                  )}
                </FormField>
              )}
            </div>
          </Step>

          <Step
            number={3}
            title="Match the columns"
            description={
              listing.data
                ? `The server matched columns to fields by their names (in ${languageList(listing.data.languages)}, spelled any way); change any match. A field left unused is left out of every brief.`
                : "The server matches columns to fields by their names; change any match. A field left unused is left out of every brief."
            }
          >
            {listing.isPending ? (
              <LoadingRows rows={4} label="Matching the columns" />
            ) : listing.isError ? (
              <ErrorState error={listing.error} title="The columns could not be matched" onRetry={() => void listing.refetch()} />
            ) : (
              <>
                {listing.data.layout ? (
                  <p className="text-sm text-muted-foreground">
                    Read as {listing.data.layout}: the server takes each field from the export by its layout, one item per product. A match chosen here overrides it.
                  </p>
                ) : null}
                <Table>
                  <TableHeader>
                    <TableRow>
                      <TableHead>Field</TableHead>
                      <TableHead>Column of the file</TableHead>
                      <TableHead>First row</TableHead>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {fields.map((field) => {
                      const column = matched[field.name];
                      const error = server.mapping[field.name];
                      const understood = checked?.mapping[field.name];
                      const selectId = `map-${field.name}`;
                      return (
                        <TableRow key={field.name}>
                          <TableCell>
                            <Label htmlFor={selectId}>
                              {field.label}
                              {field.required ? <span aria-hidden="true"> *</span> : null}
                              {field.required ? <span className="sr-only"> (required)</span> : null}
                            </Label>
                            <p className="text-xs text-muted-foreground">{field.description}</p>
                          </TableCell>
                          <TableCell className="min-w-48">
                            <Select
                              value={column ?? UNUSED}
                              onValueChange={(value) => {
                                changed();
                                const next = Object.fromEntries(Object.entries(matched).filter(([name]) => name !== field.name));
                                if (value !== UNUSED) next[field.name] = value;
                                setMapping(next);
                              }}
                            >
                              <SelectTrigger id={selectId} aria-invalid={error ? true : undefined} aria-describedby={error ? `${selectId}-error` : undefined}>
                                <SelectValue />
                              </SelectTrigger>
                              <SelectContent>
                                <SelectItem value={UNUSED}>Not used</SelectItem>
                                {source.columns.map((name) => (
                                  <SelectItem key={name} value={name}>
                                    {name}
                                  </SelectItem>
                                ))}
                              </SelectContent>
                            </Select>
                            <FieldError id={`${selectId}-error`}>{error}</FieldError>
                            {checked && understood !== column ? (
                              <p className="mt-1 text-xs text-muted-foreground">
                                {understood === undefined
                                  ? "The server leaves this field out."
                                  : `The server reads it from the column “${understood}”${listing.data.layout ? " of the export" : " (same name)"}.`}
                              </p>
                            ) : null}
                          </TableCell>
                          <TableCell className="max-w-xs truncate text-muted-foreground">
                            {column !== undefined ? cellText(source.rows[0]?.[column]) || "(empty)" : "–"}
                          </TableCell>
                        </TableRow>
                      );
                    })}
                  </TableBody>
                </Table>
              </>
            )}
          </Step>

          <Step number={4} title="Check the rows" description="Every row is checked before anything runs; nothing is spent until you start.">
            {previewFields.length > 0 ? (
              <Table>
                <TableCaption>
                  The first {Math.min(PREVIEW_ROWS, source.rows.length)} of {formatNumber(source.rows.length)} rows, as the fields will get them.
                </TableCaption>
                <TableHeader>
                  <TableRow>
                    <TableHead>Row</TableHead>
                    {previewFields.map((field) => (
                      <TableHead key={field.name}>{field.label}</TableHead>
                    ))}
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {source.rows.slice(0, PREVIEW_ROWS).map((row, index) => (
                    <TableRow key={index}>
                      <TableCell className="tabular-nums">
                        {index + 1}
                        {badRows.has(index + 1) ? (
                          <>
                            <AlertTriangle aria-hidden="true" className="ms-1 inline size-3 text-destructive" />
                            <span className="sr-only"> (has problems)</span>
                          </>
                        ) : null}
                      </TableCell>
                      {previewFields.map((field) => (
                        <TableCell key={field.name} className="max-w-56 truncate">
                          {cellText(row[matched[field.name] ?? ""])}
                        </TableCell>
                      ))}
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            ) : null}

            {problems.length > 0 ? (
              <Alert variant="destructive">
                <AlertTriangle aria-hidden="true" />
                <AlertTitle>
                  {formatNumber(problems.length)} {problems.length === 1 ? "problem" : "problems"} in {formatNumber(badRows.size)}{" "}
                  {badRows.size === 1 ? "row" : "rows"}: fix the file or the column matches, then check again.
                </AlertTitle>
                <AlertDescription>
                  <ul className="mt-1 grid max-h-72 gap-0.5 overflow-y-auto">
                    {problems.slice(0, SHOWN_PROBLEMS).map((problem) => (
                      <li key={`${problem.row}-${problem.field}-${problem.message}`}>
                        Row {problem.row}, {fields.find((field) => field.name === problem.field)?.label ?? problem.field}: {problem.message}
                      </li>
                    ))}
                  </ul>
                  {problems.length > SHOWN_PROBLEMS ? <p>…and {formatNumber(problems.length - SHOWN_PROBLEMS)} more.</p> : null}
                </AlertDescription>
              </Alert>
            ) : checked ? (
              <Alert>
                <CheckCircle2 aria-hidden="true" />
                <AlertTitle>All {formatNumber(checked.items)} rows are ready.</AlertTitle>
                <AlertDescription>
                  The server checked every row as it will when you start; nothing is stored or spent until then.
                  {checked.ignored_columns.length > 0 ? ` Columns no field uses: ${checked.ignored_columns.join(", ")}.` : ""}
                  {checked.shape ? ` ${checked.shape}.` : ""}
                </AlertDescription>
              </Alert>
            ) : null}

            {submission !== null && !settled && !dryRun.isError ? (
              <p role="status" className="flex items-center gap-2 text-sm text-muted-foreground">
                <Loader2 aria-hidden="true" className="size-4 animate-spin motion-reduce:animate-none" />
                The server is checking the rows…
              </p>
            ) : null}
            {dryRun.isError && !dryRun.isFetching ? (
              <ErrorState error={dryRun.error} title="Could not check the rows" onRetry={() => void dryRun.refetch()} />
            ) : null}

            {shownProblem && (server.other.length > 0 || (shownProblem.problem.errors ?? []).length === 0) ? (
              <Alert variant="destructive">
                <AlertTitle>{serverProblem ? "The job was not started" : "The job cannot start yet"}</AlertTitle>
                <AlertDescription>
                  {server.other.length > 0 ? (
                    <ul className="grid gap-0.5">
                      {server.other.map((message) => (
                        <li key={message}>{message}</li>
                      ))}
                    </ul>
                  ) : (
                    problemMessage(shownProblem.problem, shownProblem.status)
                  )}
                </AlertDescription>
              </Alert>
            ) : null}

            <div className="flex flex-wrap items-center gap-3">
              <Button onClick={start} disabled={!ready} aria-describedby="bulk-start-note">
                <Play aria-hidden="true" />
                {submit.isPending ? "Starting…" : `Start ${formatNumber(source.rows.length)} ${kind === "product" ? "products" : "articles"}`}
              </Button>
              <p id="bulk-start-note" className="text-sm text-muted-foreground">
                {ready ? "Items already made with the same brief and model are reused, not paid for twice." : "Start is available once the server has checked every row."}
              </p>
            </div>
          </Step>
        </>
      ) : !readError ? (
        <div className="flex items-center gap-2 text-sm text-muted-foreground">
          <FileUp aria-hidden="true" className="size-4" />
          Choose a file to see its columns and first rows.
        </div>
      ) : null}
    </div>
  );
}
