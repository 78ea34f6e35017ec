// Reading an upload in the browser for the preview and the column mapping. The server reads
// the file again (and is the judge of it); this copy follows the same rules closely enough to
// show the columns, the first rows and the rows that cannot run before anything is sent.

export type SourceFormat = "csv" | "jsonl" | "json";
export type Cell = string | number | boolean | null | string[] | Record<string, string>;
export type SourceRow = Record<string, Cell>;

export interface ParsedSource {
  format: SourceFormat;
  columns: string[];
  rows: SourceRow[];
}

export class SourceError extends Error {
  readonly line: number | null;

  constructor(message: string, line: number | null = null) {
    super(line === null ? message : `line ${line}: ${message}`);
    this.name = "SourceError";
    this.line = line;
  }
}

export const MAX_ITEMS = 10_000;

const FORMATS: Record<string, SourceFormat> = {
  csv: "csv",
  tsv: "csv",
  txt: "csv",
  jsonl: "jsonl",
  ndjson: "jsonl",
  json: "json",
};

export function formatOf(filename: string): SourceFormat | null {
  const dot = filename.lastIndexOf(".");
  if (dot < 0) return null;
  return FORMATS[filename.slice(dot + 1).toLowerCase()] ?? null;
}

export const ACCEPTED_EXTENSIONS = Object.keys(FORMATS).map((ext) => `.${ext}`);

const DELIMITERS = [",", ";", "\t"] as const;

interface CsvRecord {
  line: number;
  cells: string[];
}

/** RFC 4180 records with their starting line; throws SourceError on a quote it cannot place. */
export function readCsvRecords(text: string, delimiter: string): CsvRecord[] {
  const source = text.replace(/\r\n?/g, "\n");
  const records: CsvRecord[] = [];
  let index = 0;
  let line = 1;
  const length = source.length;
  while (index < length) {
    const startLine = line;
    const cells: string[] = [];
    let endOfRecord = false;
    while (!endOfRecord) {
      // Spaces before an opening quote are allowed.
      let probe = index;
      while (source[probe] === " ") probe += 1;
      if (source[probe] === '"') {
        const openLine = line;
        index = probe + 1;
        let cell = "";
        for (;;) {
          if (index >= length) throw new SourceError("a quote is never closed", openLine);
          const char = source.charAt(index);
          if (char === '"') {
            if (source[index + 1] === '"') {
              cell += '"';
              index += 2;
              continue;
            }
            index += 1;
            break;
          }
          if (char === "\n") line += 1;
          cell += char;
          index += 1;
        }
        while (source[index] === " ") index += 1;
        const after = source[index];
        if (after !== undefined && after !== delimiter && after !== "\n") {
          throw new SourceError("text after a closing quote (double a quote inside a quoted cell)", line);
        }
        cells.push(cell);
      } else {
        let cell = "";
        while (index < length && source[index] !== delimiter && source[index] !== "\n") {
          if (source[index] === '"') {
            throw new SourceError("a quote inside an unquoted cell (quote the whole cell)", line);
          }
          cell += source.charAt(index);
          index += 1;
        }
        cells.push(cell);
      }
      const next = source[index];
      if (next === delimiter) {
        index += 1;
      } else {
        endOfRecord = true;
        if (next === "\n") {
          index += 1;
          line += 1;
        }
      }
    }
    const blank = cells.length === 1 && cells[0]?.trim() === "";
    if (!blank) records.push({ line: startLine, cells });
  }
  return records;
}

/** The delimiter that splits the header and the first records into the same number of cells. */
export function sniffDelimiter(text: string): string {
  const sample = text.split(/\r\n?|\n/).slice(0, 51).join("\n");
  let best: { delimiter: string; score: number } = { delimiter: ",", score: -1 };
  for (const delimiter of DELIMITERS) {
    let records: CsvRecord[];
    try {
      records = readCsvRecords(sample, delimiter);
    } catch {
      continue;
    }
    const header = records[0];
    if (!header || header.cells.length < 2) continue;
    const consistent = records.filter((record) => record.cells.length === header.cells.length).length;
    const score = consistent * 100 + header.cells.length;
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

function parseCsv(text: string): ParsedSource {
  const delimiter = sniffDelimiter(text);
  const records = readCsvRecords(text, delimiter);
  const header = records[0];
  if (!header) throw new SourceError("the file is empty");
  const columns = header.cells.map((cell) => cell.trim());
  const seen = new Set<string>();
  columns.forEach((column, position) => {
    if (column === "") throw new SourceError(`column ${position + 1} of the header has no name`, header.line);
    const key = column.toLowerCase();
    if (seen.has(key)) throw new SourceError(`the column ${JSON.stringify(column)} appears twice`, header.line);
    seen.add(key);
  });
  const rows = records.slice(1).map((record) => {
    if (record.cells.length > columns.length) {
      throw new SourceError(
        `${record.cells.length} cells, but the header names ${columns.length} columns`,
        record.line,
      );
    }
    const row: SourceRow = {};
    columns.forEach((column, position) => {
      row[column] = record.cells[position] ?? "";
    });
    return row;
  });
  return { format: "csv", columns, rows };
}

function asRow(value: unknown, where: number | null): SourceRow {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new SourceError("each row must be a JSON object", where);
  }
  return value as SourceRow;
}

function columnsOf(rows: SourceRow[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

function parseJsonLines(text: string): ParsedSource {
  const rows: SourceRow[] = [];
  text.split(/\r\n?|\n/).forEach((raw, position) => {
    if (raw.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw new SourceError("not a JSON object", position + 1);
    }
    rows.push(asRow(value, position + 1));
  });
  return { format: "jsonl", columns: columnsOf(rows), rows };
}

function parseJson(text: string): ParsedSource {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new SourceError("the file is not valid JSON");
  }
  if (!Array.isArray(value)) throw new SourceError("a JSON file must hold a list of objects");
  const rows = value.map((item: unknown, position) => asRow(item, position + 1));
  return { format: "json", columns: columnsOf(rows), rows };
}

export function parseSource(text: string, format: SourceFormat): ParsedSource {
  const clean = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const parsed =
    format === "csv" ? parseCsv(clean) : format === "jsonl" ? parseJsonLines(clean) : parseJson(clean);
  if (parsed.rows.length === 0) throw new SourceError("the file holds no data rows");
  if (parsed.rows.length > MAX_ITEMS) {
    throw new SourceError(`it holds ${parsed.rows.length} rows, more than ${MAX_ITEMS} per job; split it`);
  }
  return parsed;
}

export function cellText(cell: Cell | undefined): string {
  if (cell === undefined || cell === null) return "";
  if (typeof cell === "string") return cell;
  if (typeof cell === "number" || typeof cell === "boolean") return String(cell);
  return JSON.stringify(cell);
}
