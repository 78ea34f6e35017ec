import { BarChart3 } from "lucide-react";
import { lazy, Suspense, useState } from "react";
import { Link } from "react-router";

import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { formatCompact, formatCost, formatDay, formatNumber } from "@/lib/format";
import { lastDays, pivotByDay, useUsageReport, type UsageMetric } from "@/lib/usage";

// recharts is a chunk of its own, fetched only when there is something to draw.
const StackedBarChart = lazy(() => import("@/components/charts/stacked-bar-chart"));

const METRICS: { id: Extract<UsageMetric, "tokens" | "cost">; label: string; format: (value: number) => string }[] = [
  { id: "tokens", label: "Tokens", format: formatCompact },
  { id: "cost", label: "Cost", format: (value) => formatCost(value) },
];

export function UsageCard() {
  // Fixed for the life of the screen: the same query key on every render.
  const [period] = useState(() => lastDays(30));
  const report = useUsageReport(period, ["day", "model"]);
  const [metric, setMetric] = useState<"tokens" | "cost">("tokens");

  return (
    <Card aria-labelledby="usage-30">
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-2">
        <div className="grid gap-1">
          <CardTitle id="usage-30">Usage, last 30 days</CardTitle>
          <CardDescription>Tokens and cost per day, by model (UTC days).</CardDescription>
        </div>
        <Button variant="link" size="sm" asChild>
          <Link to="/usage">Usage details</Link>
        </Button>
      </CardHeader>
      <CardContent className="grid gap-4">
        {report.isPending ? (
          <div role="status" aria-live="polite" className="grid gap-3">
            <span className="sr-only">Loading usage…</span>
            <Skeleton className="h-16 w-full" />
            <Skeleton className="h-64 w-full" />
          </div>
        ) : report.isError ? (
          <ErrorState error={report.error} title="Could not load usage" onRetry={() => void report.refetch()} />
        ) : report.data.totals.calls === 0 ? (
          <EmptyState icon={BarChart3} title="No model calls in the last 30 days">
            Tokens and cost show up here once something has been generated.
          </EmptyState>
        ) : (
          <>
            <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
              {[
                ["Calls", formatNumber(report.data.totals.calls)],
                ["Tokens", formatCompact(report.data.totals.tokens_in + report.data.totals.tokens_out)],
                ["Cost", formatCost(report.data.totals.cost)],
                ["Errors", formatNumber(report.data.totals.errors)],
              ].map(([term, value]) => (
                <div key={term} className="rounded-lg border p-3">
                  <dt className="text-xs text-muted-foreground">{term}</dt>
                  <dd className="text-lg font-semibold tabular-nums">{value}</dd>
                </div>
              ))}
            </dl>
            <Tabs value={metric} onValueChange={(value) => setMetric(value as "tokens" | "cost")}>
              <TabsList aria-label="Chart of">
                {METRICS.map((entry) => (
                  <TabsTrigger key={entry.id} value={entry.id}>
                    {entry.label}
                  </TabsTrigger>
                ))}
              </TabsList>
              {METRICS.map((entry) => {
                const table = pivotByDay(report.data.groups, period, entry.id);
                return (
                  <TabsContent key={entry.id} value={entry.id} className="grid gap-2">
                    <Suspense fallback={<Skeleton className="h-64 w-full" />}>
                      <StackedBarChart
                        rows={table.rows}
                        series={table.series}
                        format={entry.format}
                        label={`${entry.label} per day by model over the last 30 days; the figures are in the table below the chart.`}
                      />
                    </Suspense>
                    <details className="text-sm">
                      <summary className="cursor-pointer text-muted-foreground">{entry.label} per day as a table</summary>
                      <Table>
                        <TableHeader>
                          <TableRow>
                            <TableHead>Day</TableHead>
                            {table.series.map((name) => (
                              <TableHead key={name} className="text-end">
                                {name}
                              </TableHead>
                            ))}
                          </TableRow>
                        </TableHeader>
                        <TableBody>
                          {table.rows
                            .filter((row) => table.series.some((name) => row[name] !== 0))
                            .map((row) => (
                              <TableRow key={row.day}>
                                <TableHead scope="row" className="font-normal text-foreground">
                                  {formatDay(row.day)}
                                </TableHead>
                                {table.series.map((name) => (
                                  <TableCell key={name} className="text-end tabular-nums">
                                    {entry.format(Number(row[name]))}
                                  </TableCell>
                                ))}
                              </TableRow>
                            ))}
                        </TableBody>
                      </Table>
                    </details>
                  </TabsContent>
                );
              })}
            </Tabs>
          </>
        )}
      </CardContent>
    </Card>
  );
}
