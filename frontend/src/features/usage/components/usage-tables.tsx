import { Download } from "lucide-react";

import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatCost, formatDay, formatDuration, formatNumber, formatPercent } from "@/lib/format";
import { downloadText, toCsv, type UsageGroup } from "@/lib/usage";

import type { Breakdown } from "../hooks/use-usage-filters";

const HEADINGS: Record<Breakdown, string> = { day: "Day (UTC)", model: "Model", user: "Member" };

export function groupLabel(group: UsageGroup, breakdown: Breakdown, userLabel: (id: string | null) => string): string {
  if (breakdown === "day") return group.day ? formatDay(group.day) : "–";
  if (breakdown === "model") return group.model ?? "unknown";
  return userLabel(group.user_id ?? null);
}

export function UsageTable({
  groups,
  breakdown,
  userLabel,
  fileStem,
}: {
  groups: UsageGroup[];
  breakdown: Breakdown;
  userLabel: (id: string | null) => string;
  fileStem: string;
}) {
  const rows =
    breakdown === "day"
      ? [...groups].sort((a, b) => (b.day ?? "").localeCompare(a.day ?? ""))
      : [...groups].sort((a, b) => b.cost - a.cost || b.calls - a.calls);

  const exportCsv = () => {
    const header = [
      breakdown === "day" ? "day" : breakdown === "model" ? "model" : "user_id",
      ...(breakdown === "user" ? ["user"] : []),
      "calls",
      "tokens_in",
      "tokens_out",
      "cost_usd",
      "cache_hits",
      "cache_hit_rate",
      "errors",
      "mean_latency_ms",
    ];
    const body = rows.map((group) => [
      breakdown === "day" ? group.day : breakdown === "model" ? group.model : group.user_id,
      ...(breakdown === "user" ? [userLabel(group.user_id ?? null)] : []),
      group.calls,
      group.tokens_in,
      group.tokens_out,
      group.cost,
      group.cache_hits,
      group.cache_hit_rate,
      group.errors,
      Math.round(group.mean_latency_ms),
    ]);
    downloadText(`${fileStem}-by-${breakdown}.csv`, toCsv(header, body));
  };

  return (
    <div className="grid gap-3">
      <div className="flex justify-end">
        <Button variant="outline" size="sm" onClick={exportCsv}>
          <Download aria-hidden="true" />
          Export CSV
        </Button>
      </div>
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>{HEADINGS[breakdown]}</TableHead>
            <TableHead className="text-end">Calls</TableHead>
            <TableHead className="text-end">Tokens in</TableHead>
            <TableHead className="text-end">Tokens out</TableHead>
            <TableHead className="text-end">Cost</TableHead>
            <TableHead className="text-end">Cache hit rate</TableHead>
            <TableHead className="text-end">Errors</TableHead>
            <TableHead className="text-end">Mean latency</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((group) => (
            <TableRow key={`${group.day ?? ""}|${group.model ?? ""}|${group.user_id ?? ""}`}>
              <TableHead scope="row" className="font-normal text-foreground">
                {groupLabel(group, breakdown, userLabel)}
              </TableHead>
              <TableCell className="text-end tabular-nums">{formatNumber(group.calls)}</TableCell>
              <TableCell className="text-end tabular-nums">{formatNumber(group.tokens_in)}</TableCell>
              <TableCell className="text-end tabular-nums">{formatNumber(group.tokens_out)}</TableCell>
              <TableCell className="text-end tabular-nums">{formatCost(group.cost)}</TableCell>
              <TableCell className="text-end tabular-nums">{formatPercent(group.cache_hit_rate)}</TableCell>
              <TableCell className={group.errors ? "text-end tabular-nums font-medium text-destructive" : "text-end tabular-nums"}>
                {formatNumber(group.errors)}
              </TableCell>
              <TableCell className="text-end tabular-nums">{formatDuration(group.mean_latency_ms)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
