// Formatting of numbers, money, durations and dates, in the reader's locale.

/**
 * A formatter made on its first use and kept. Building an Intl formatter loads locale data: made
 * at import, the eight below took 0.38 s of the Content Studio's start on a phone's CPU (4x
 * slowed), its longest task, before a brief that formats nothing.
 */
function once<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}

const numberFormat = once(() => new Intl.NumberFormat(undefined));
const compactFormat = once(() => new Intl.NumberFormat(undefined, { notation: "compact", maximumFractionDigits: 1 }));
const percentFormat = once(() => new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 1 }));
const costFormats = new Map<number, Intl.NumberFormat>();
const dateTimeFormat = once(() => new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }));
const dateFormat = once(() => new Intl.DateTimeFormat(undefined, { dateStyle: "medium" }));
const dayFormat = once(() => new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" }));
const utcDateFormat = once(() => new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: "UTC" }));
const relativeFormat = once(() => new Intl.RelativeTimeFormat(undefined, { numeric: "auto" }));

export function formatNumber(value: number | null | undefined): string {
  return value == null ? "–" : numberFormat().format(value);
}

export function formatCompact(value: number | null | undefined): string {
  return value == null ? "–" : compactFormat().format(value);
}

export function formatPercent(ratio: number | null | undefined): string {
  return ratio == null || Number.isNaN(ratio) ? "–" : percentFormat().format(ratio);
}

/** US dollars, with more digits for the fractions of a cent model calls cost. */
export function formatCost(usd: number | string | null | undefined): string {
  if (usd == null || usd === "") return "–";
  const value = typeof usd === "string" ? Number(usd) : usd;
  if (Number.isNaN(value)) return "–";
  const digits = value !== 0 && Math.abs(value) < 0.01 ? 4 : 2;
  let format = costFormats.get(digits);
  if (!format) {
    format = new Intl.NumberFormat(undefined, { style: "currency", currency: "USD", minimumFractionDigits: digits, maximumFractionDigits: digits });
    costFormats.set(digits, format);
  }
  return format.format(value);
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || Number.isNaN(ms)) return "–";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds % 60);
  if (minutes < 60) return `${minutes} min ${rest} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function toDate(value: string | number | Date): Date {
  return value instanceof Date ? value : new Date(value);
}

export function formatDateTime(value: string | number | Date | null | undefined): string {
  return value == null ? "–" : dateTimeFormat().format(toDate(value));
}

export function formatDate(value: string | number | Date | null | undefined): string {
  return value == null ? "–" : dateFormat().format(toDate(value));
}

/** A calendar day such as "2026-12-07" (UTC) as "Dec 7". */
export function formatDay(day: string): string {
  return dayFormat().format(new Date(`${day.slice(0, 10)}T00:00:00Z`));
}

/** The UTC days of a period [since, until) such as "Nov 8 – Dec 7, 2026". */
export function formatDayRange(since: string, until: string): string {
  const first = new Date(since);
  const last = new Date(Math.max(first.getTime(), Date.parse(until) - 1));
  return utcDateFormat().formatRange(first, last);
}

/** "3 minutes ago", "yesterday", "in 2 hours". */
export function formatRelative(value: string | number | Date | null | undefined, now: number = Date.now()): string {
  if (value == null) return "–";
  const seconds = Math.round((toDate(value).getTime() - now) / 1000);
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ["year", 31_536_000],
    ["month", 2_592_000],
    ["week", 604_800],
    ["day", 86_400],
    ["hour", 3_600],
    ["minute", 60],
  ];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return relativeFormat().format(Math.round(seconds / size), unit);
  }
  return relativeFormat().format(seconds, "second");
}

/** Languages written right to left: content in them gets dir="rtl". */
const RTL = new Set(["ar", "fa", "he", "ur", "ps", "sd", "ug", "yi", "ckb", "dv"]);

export function isRtl(language: string | null | undefined): boolean {
  if (!language) return false;
  return RTL.has(language.toLowerCase().split(/[-_]/)[0] ?? "");
}

export function textDirection(language: string | null | undefined): "rtl" | "ltr" {
  return isRtl(language) ? "rtl" : "ltr";
}
