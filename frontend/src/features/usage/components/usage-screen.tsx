import { useQuery } from "@tanstack/react-query";
import { BarChart3 } from "lucide-react";
import { lazy, Suspense, useState } from "react";

import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { LoadingRows, Skeleton } from "@/components/ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { api, unwrap } from "@/lib/api/client";
import { formatCompact, formatCost, formatDayRange, formatDuration, formatNumber, formatPercent } from "@/lib/format";
import { useMe } from "@/lib/me";
import { ApiProblem } from "@/lib/problems";
import { useSession } from "@/lib/session";
import { pivotByDay, useUsageReport, type UsageMetric, type UsagePeriod } from "@/lib/usage";

import { PRESETS, useUsageFilters } from "../hooks/use-usage-filters";

import { UsageTable } from "./usage-tables";

const StackedBarChart = lazy(() => import("@/components/charts/stacked-bar-chart"));

const ALL = "__all__";

interface ChartMetric {
  id: UsageMetric;
  label: string;
  format: (value: number) => string;
}

const TOKENS: ChartMetric = { id: "tokens", label: "Tokens", format: formatCompact };
const CHART_METRICS: ChartMetric[] = [
  TOKENS,
  { id: "cost", label: "Cost", format: (value) => formatCost(value) },
  { id: "calls", label: "Calls", format: formatNumber },
  { id: "errors", label: "Errors", format: formatNumber },
];

function Figure({ term, value, detail }: { term: string; value: string; detail?: string }) {
  return (
    <div className="rounded-lg border bg-card p-3">
      <dt className="text-xs text-muted-foreground">{term}</dt>
      <dd className="text-xl font-semibold tabular-nums">{value}</dd>
      {detail ? <dd className="text-xs text-muted-foreground">{detail}</dd> : null}
    </div>
  );
}

function UsageChart({ period, model, user }: { period: UsagePeriod; model: string | null; user: string | null }) {
  const [metric, setMetric] = useState<UsageMetric>("tokens");
  const report = useUsageReport(period, ["day", "model"], { model, userId: user });
  const chosen = CHART_METRICS.find((entry) => entry.id === metric) ?? TOKENS;
  return (
    <Card aria-labelledby="usage-chart">
      <CardHeader>
        <CardTitle id="usage-chart">Per day, by model</CardTitle>
        <CardDescription>UTC days; the figures are in the tables below.</CardDescription>
      </CardHeader>
      <CardContent>
        {report.isPending ? (
          <Skeleton className="h-64 w-full" />
        ) : report.isError ? (
          <ErrorState error={report.error} title="Could not load the chart" onRetry={() => void report.refetch()} />
        ) : (
          <Tabs value={metric} onValueChange={(value) => setMetric(value as UsageMetric)}>
            <TabsList aria-label="Chart of">
              {CHART_METRICS.map((entry) => (
                <TabsTrigger key={entry.id} value={entry.id}>
                  {entry.label}
                </TabsTrigger>
              ))}
            </TabsList>
            <TabsContent value={chosen.id}>
              <Suspense fallback={<Skeleton className="h-64 w-full" />}>
                <StackedBarChart
                  {...pivotByDay(report.data.groups, period, chosen.id)}
                  format={chosen.format}
                  label={`${chosen.label} per day by model; the same figures are in the tables below.`}
                  height={280}
                />
              </Suspense>
            </TabsContent>
          </Tabs>
        )}
      </CardContent>
    </Card>
  );
}

export default function UsageScreen() {
  const filters = useUsageFilters();
  const session = useSession();
  const me = useMe();
  const seesEveryone = session.role === "owner" || session.role === "admin";
  const period = filters.period;
  const scope = { model: filters.model, userId: seesEveryone ? filters.user : null };
  const totals = useUsageReport(period, [], scope);
  const breakdown = useUsageReport(period, [filters.breakdown], scope);
  // The choices of the filters: every model and member with calls in the period.
  const models = useUsageReport(period, ["model"], seesEveryone ? { userId: filters.user } : {});
  const members = useUsageReport(seesEveryone ? period : null, ["user"], { model: filters.model });

  // Names for the members in the report (admins and owners see everyone's calls).
  const roster = useQuery({
    queryKey: ["members", session.tenantId],
    queryFn: () => unwrap(api.GET("/members")),
    enabled: seesEveryone,
    staleTime: 60_000,
  });

  const myId = me.data?.user.id;
  const userLabel = (id: string | null) => {
    if (id === null) return "No member (API key or system)";
    if (id === myId) return `You (${me.data?.user.email ?? "signed in"})`;
    const member = roster.data?.find((entry) => entry.user_id === id);
    if (member) return member.display_name ? `${member.display_name} (${member.email})` : member.email;
    // Calls stay in the log when their maker leaves the workspace.
    return roster.isSuccess ? `Former member ${id.slice(0, 8)}` : `Member ${id.slice(0, 8)}`;
  };

  const rangeProblem = totals.error instanceof ApiProblem ? totals.error : null;
  const customInvalid = filters.range === "custom" && period === null;
  const fileStem = period ? `presswright-usage-${period.since.slice(0, 10)}-to-${period.until.slice(0, 10)}` : "presswright-usage";

  return (
    <div className="mx-auto grid max-w-7xl gap-6">
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold">Usage</h1>
        <p className="text-sm text-muted-foreground">
          Model calls of this workspace: tokens, cost (USD), cache hits, errors and latency.
          {seesEveryone ? " You see every member's calls." : " You see your own calls (admins and owners see everyone's)."}
        </p>
      </div>

      <section aria-label="Filters" className="flex flex-wrap items-end gap-4">
        <div className="grid gap-1.5">
          <Label htmlFor="usage-range">Period</Label>
          <Select value={filters.range} onValueChange={(value) => filters.update({ range: value })}>
            <SelectTrigger id="usage-range" className="w-44">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {PRESETS.map((preset) => (
                <SelectItem key={preset.id} value={preset.id}>
                  {preset.label}
                </SelectItem>
              ))}
              <SelectItem value="custom">Custom dates</SelectItem>
            </SelectContent>
          </Select>
        </div>
        {filters.range === "custom" ? (
          <>
            <FormField label="From (UTC)" error={filters.rangeError.from ?? rangeProblem?.field("since")} className="w-44">
              {(control) => <Input {...control} type="date" value={filters.from} onChange={(event) => filters.update({ from: event.target.value })} />}
            </FormField>
            <FormField label="To (UTC, inclusive)" error={filters.rangeError.to ?? rangeProblem?.field("until") ?? rangeProblem?.field("query")} className="w-44">
              {(control) => <Input {...control} type="date" value={filters.to} onChange={(event) => filters.update({ to: event.target.value })} />}
            </FormField>
          </>
        ) : null}
        <div className="grid gap-1.5">
          <Label htmlFor="usage-model">Model</Label>
          <Select value={filters.model ?? ALL} onValueChange={(value) => filters.update({ model: value === ALL ? null : value })}>
            <SelectTrigger id="usage-model" className="w-56">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={ALL}>All models</SelectItem>
              {filters.model && !models.data?.groups.some((group) => group.model === filters.model) ? (
                <SelectItem value={filters.model}>{filters.model}</SelectItem>
              ) : null}
              {(models.data?.groups ?? [])
                .filter((group) => group.model)
                .map((group) => (
                  <SelectItem key={group.model} value={group.model ?? ""}>
                    {group.model}
                  </SelectItem>
                ))}
            </SelectContent>
          </Select>
        </div>
        {seesEveryone ? (
          <div className="grid gap-1.5">
            <Label htmlFor="usage-user">Member</Label>
            <Select value={filters.user ?? ALL} onValueChange={(value) => filters.update({ user: value === ALL ? null : value })}>
              <SelectTrigger id="usage-user" className="w-60">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value={ALL}>All members</SelectItem>
                {filters.user && !members.data?.groups.some((group) => group.user_id === filters.user) ? (
                  <SelectItem value={filters.user}>{userLabel(filters.user)}</SelectItem>
                ) : null}
                {(members.data?.groups ?? [])
                  .filter((group) => group.user_id)
                  .map((group) => (
                    <SelectItem key={group.user_id} value={group.user_id ?? ""}>
                      {userLabel(group.user_id ?? null)}
                    </SelectItem>
                  ))}
              </SelectContent>
            </Select>
          </div>
        ) : null}
      </section>

      {customInvalid ? (
        <EmptyState icon={BarChart3} title="Choose the period">
          Pick the first and the last day of the period (at most 366 days); what is missing or wrong is said next to the dates.
        </EmptyState>
      ) : totals.isPending ? (
        <div role="status" aria-live="polite" className="grid gap-4">
          <span className="sr-only">Loading usage…</span>
          <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
            {Array.from({ length: 6 }, (_, index) => (
              <Skeleton key={index} className="h-20" />
            ))}
          </div>
          <Skeleton className="h-72 w-full" />
        </div>
      ) : totals.isError ? (
        <ErrorState error={totals.error} title="Could not load usage" onRetry={() => void totals.refetch()} />
      ) : totals.data.totals.calls === 0 ? (
        <EmptyState icon={BarChart3} title="No model calls in this period">
          {filters.model || filters.user ? "Nothing matches these filters; widen the period or clear a filter." : "Calls show up here once something has been generated."}
        </EmptyState>
      ) : period ? (
        <>
          <p className="text-sm text-muted-foreground">
            {formatDayRange(totals.data.since, totals.data.until)} (UTC days).
          </p>
          <dl className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
            <Figure term="Calls" value={formatNumber(totals.data.totals.calls)} />
            <Figure
              term="Tokens"
              value={formatCompact(totals.data.totals.tokens_in + totals.data.totals.tokens_out)}
              detail={`${formatNumber(totals.data.totals.tokens_in)} in, ${formatNumber(totals.data.totals.tokens_out)} out`}
            />
            <Figure term="Cost" value={formatCost(totals.data.totals.cost)} />
            <Figure term="Cache hit rate" value={formatPercent(totals.data.totals.cache_hit_rate)} detail={`${formatNumber(totals.data.totals.cache_hits)} hits`} />
            <Figure term="Errors" value={formatNumber(totals.data.totals.errors)} detail={formatPercent(totals.data.totals.errors / totals.data.totals.calls)} />
            <Figure term="Mean latency" value={formatDuration(totals.data.totals.mean_latency_ms)} />
          </dl>
          <UsageChart period={period} model={filters.model} user={scope.userId} />
          <Card aria-labelledby="usage-breakdown">
            <CardHeader>
              <CardTitle id="usage-breakdown">Breakdown</CardTitle>
            </CardHeader>
            <CardContent>
              <Tabs value={filters.breakdown} onValueChange={(value) => filters.update({ by: value === "day" ? null : value })}>
                <TabsList aria-label="Break down by">
                  <TabsTrigger value="day">By day</TabsTrigger>
                  <TabsTrigger value="model">By model</TabsTrigger>
                  <TabsTrigger value="user">By member</TabsTrigger>
                </TabsList>
                <TabsContent value={filters.breakdown}>
                  {breakdown.isPending ? (
                    <LoadingRows rows={5} label="Loading the breakdown" />
                  ) : breakdown.isError ? (
                    <ErrorState error={breakdown.error} title="Could not load the breakdown" onRetry={() => void breakdown.refetch()} />
                  ) : (
                    <UsageTable groups={breakdown.data.groups} breakdown={filters.breakdown} userLabel={userLabel} fileStem={fileStem} />
                  )}
                </TabsContent>
              </Tabs>
            </CardContent>
          </Card>
        </>
      ) : null}
    </div>
  );
}
