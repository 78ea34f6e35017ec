import { useMemo } from "react";
import { useSearchParams } from "react-router";

import { lastDays, type UsagePeriod } from "@/lib/usage";

export const PRESETS = [
  { id: "7", label: "Last 7 days", days: 7 },
  { id: "30", label: "Last 30 days", days: 30 },
  { id: "90", label: "Last 90 days", days: 90 },
  { id: "365", label: "Last 365 days", days: 365 },
] as const;

export type Breakdown = "day" | "model" | "user";

const DAY = /^\d{4}-\d{2}-\d{2}$/;
// The API answers a period of at most 366 days.
const MAX_DAYS = 366;

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString();
}

/** The usage screen's choices, kept in the address so a view can be shared or reloaded. */
export function useUsageFilters() {
  const [params, setParams] = useSearchParams();
  const range = params.get("range") ?? "30";
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  const model = params.get("model");
  const user = params.get("user");
  const breakdownParam = params.get("by");
  const breakdown: Breakdown = breakdownParam === "model" || breakdownParam === "user" ? breakdownParam : "day";

  // What is wrong with a custom range, said next to the field before anything is asked.
  const rangeError: { from?: string; to?: string } = {};
  if (range === "custom") {
    if (!DAY.test(from)) rangeError.from = "Choose the first day.";
    if (!DAY.test(to)) rangeError.to = "Choose the last day.";
    else if (DAY.test(from) && to < from) rangeError.to = "The last day is before the first.";
    else if (DAY.test(from) && (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1 > MAX_DAYS) {
      rangeError.to = `At most ${MAX_DAYS} days: choose a later first day or an earlier last one.`;
    }
  }
  const rangeValid = !rangeError.from && !rangeError.to;

  const period: UsagePeriod | null = useMemo(() => {
    if (range === "custom") {
      if (!rangeValid) return null;
      return { since: `${from}T00:00:00Z`, until: nextDay(to) };
    }
    const preset = PRESETS.find((entry) => entry.id === range) ?? PRESETS[1];
    return lastDays(preset.days);
  }, [range, from, to, rangeValid]);

  const update = (changes: Record<string, string | null>) => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || value === "") next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );
  };

  return { range, from, to, rangeError, model, user, breakdown, period, update };
}
