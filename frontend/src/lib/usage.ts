// The usage report (GET /usage): how the dashboard and the usage screen ask for it and shape it.
import { useQuery } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

export type UsageReport = components["schemas"]["UsageReport"];
export type UsageGroup = components["schemas"]["UsageGroup"];
export type UsageFigures = components["schemas"]["UsageFigures"];
export type UsageDimension = "day" | "model" | "user";

export interface UsagePeriod {
  /** RFC 3339, inclusive. */
  since: string;
  /** RFC 3339, exclusive. */
  until: string;
}

const DAY_MS = 86_400_000;

function utcMidnight(time: number): number {
  const date = new Date(time);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
}

/** The last `days` whole UTC days, today included (so each day of the chart is a full bar). */
export function lastDays(days: number, now: number = Date.now()): UsagePeriod {
  const tomorrow = utcMidnight(now) + DAY_MS;
  return { since: new Date(tomorrow - days * DAY_MS).toISOString(), until: new Date(tomorrow).toISOString() };
}

/** The UTC days ("YYYY-MM-DD") of a period, in order. */
export function daysOf(period: UsagePeriod): string[] {
  const out: string[] = [];
  const end = new Date(period.until).getTime();
  for (let day = utcMidnight(new Date(period.since).getTime()); day < end; day += DAY_MS) {
    out.push(new Date(day).toISOString().slice(0, 10));
  }
  return out;
}

export interface UsageFilters {
  userId?: string | null;
  model?: string | null;
}

/** The report for `period` (nothing is asked while it is null: a range still being chosen). */
export function useUsageReport(period: UsagePeriod | null, groupBy: UsageDimension[], filters: UsageFilters = {}) {
  return useQuery({
    enabled: period !== null,
    queryKey: ["usage", period?.since, period?.until, groupBy.join(","), filters.userId ?? null, filters.model ?? null],
    queryFn: () =>
      unwrap(
        api.GET("/usage", {
          params: {
            query: {
              ...(period ? { since: period.since, until: period.until } : {}),
              // One comma-separated value: the API refuses a repeated query parameter.
              ...(groupBy.length ? { group_by: [groupBy.join(",")] } : {}),
              ...(filters.userId ? { user_id: filters.userId } : {}),
              ...(filters.model ? { model: filters.model } : {}),
            },
          },
        }),
      ),
  });
}

export type UsageMetric = "tokens" | "cost" | "calls" | "errors" | "mean_latency_ms" | "cache_hit_rate";

export function metricValue(figures: UsageFigures, metric: UsageMetric): number {
  return metric === "tokens" ? figures.tokens_in + figures.tokens_out : figures[metric];
}

/** A chart's rows: one per day (every day of the period, zeros included), one key per model. */
export interface SeriesTable {
  rows: ({ day: string } & Record<string, number | string>)[];
  series: string[];
}

export function pivotByDay(groups: readonly UsageGroup[], period: UsagePeriod, metric: UsageMetric): SeriesTable {
  const totals = new Map<string, number>();
  for (const group of groups) {
    const name = group.model ?? "unknown";
    totals.set(name, (totals.get(name) ?? 0) + metricValue(group, metric));
  }
  // Biggest series first, so the stack reads the same way every day.
  const series = [...totals.keys()].sort((a, b) => (totals.get(b) ?? 0) - (totals.get(a) ?? 0) || a.localeCompare(b));
  const rows = daysOf(period).map((day) => {
    const row: { day: string } & Record<string, number | string> = { day };
    for (const name of series) row[name] = 0;
    return row;
  });
  const index = new Map(rows.map((row, position) => [row.day, position]));
  for (const group of groups) {
    if (!group.day) continue;
    const row = rows[index.get(group.day.slice(0, 10)) ?? -1];
    if (!row) continue;
    const name = group.model ?? "unknown";
    row[name] = (row[name] as number) + metricValue(group, metric);
  }
  return { rows, series };
}

/** Text for a CSV file (RFC 4180): quoted when needed, CRLF line ends. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const cell = (value: string | number | null | undefined) => {
    if (value == null) return "";
    const text = String(value);
    // A leading = + - @ would be read as a formula by spreadsheets.
    const safe = /^[=+\-@\t\r]/.test(text) && typeof value === "string" ? `'${text}` : text;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [header, ...rows].map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n";
}

/** Offer text as a file download. */
export function downloadText(filename: string, text: string, type = "text/csv;charset=utf-8"): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
