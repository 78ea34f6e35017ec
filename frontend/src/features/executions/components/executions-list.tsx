// /executions: the workspace's runs, newest first, filtered by status, flow and date (kept in
// the address, so a filtered list can be bookmarked or shared).
import { Activity, FilterX } from "lucide-react";
import type { SyntheticEvent } from "react";
import { Link, useSearchParams } from "react-router";

import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { FormField } from "@/components/ui/form-field";
import { fieldClass, Input } from "@/components/ui/input";
import { LoadingRows } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatCost, formatDateTime, formatNumber, formatRelative } from "@/lib/format";
import { ApiProblem } from "@/lib/problems";
import { cn } from "@/lib/utils";

import { EXECUTION_STATUSES, PAGE_SIZE, useExecutions, type ExecutionStatus } from "../api/executions";
import { utc } from "../lib/graph";
import { StatusBadge } from "./status-badge";

/** The start of a local calendar day (YYYY-MM-DD) as RFC 3339 in UTC. */
function dayStart(day: string, plusDays = 0): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const date = new Date(`${day}T00:00:00`);
  if (Number.isNaN(date.getTime())) return undefined;
  date.setDate(date.getDate() + plusDays);
  return date.toISOString();
}

export function ExecutionsList() {
  const [params, setParams] = useSearchParams();
  const status = (EXECUTION_STATUSES as string[]).includes(params.get("status") ?? "") ? (params.get("status") as ExecutionStatus) : undefined;
  const flow = params.get("flow") ?? "";
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  const offset = Math.max(0, Number(params.get("offset") ?? 0) || 0);
  const filtered = Boolean(status || flow || from || to);
  const executions = useExecutions({ status, flow, createdAfter: dayStart(from), createdBefore: dayStart(to, 1), offset });

  const update = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!("offset" in changes)) next.delete("offset");
    setParams(next, { replace: true });
  };

  const submitFlow = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = new FormData(event.currentTarget).get("flow");
    update({ flow: typeof value === "string" ? value.trim() : "" });
  };

  const problem = executions.error instanceof ApiProblem ? executions.error : null;
  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Executions</h1>
        <p className="text-sm text-muted-foreground">Every run of a flow in this workspace, newest first.</p>
      </div>
      <section aria-label="Filters" className="flex flex-wrap items-end gap-3">
        <FormField label="Status" className="w-40">
          {(control) => (
            <select className={cn(fieldClass, "h-9")} value={status ?? ""} onChange={(event) => update({ status: event.target.value })} {...control}>
              <option value="">Any status</option>
              {EXECUTION_STATUSES.map((value) => (
                <option key={value} value={value}>
                  {value}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <form onSubmit={submitFlow} className="flex items-end gap-2" key={flow}>
          <FormField label="Flow name" className="w-52" error={problem?.field("flow")}>
            {(control) => <Input name="flow" defaultValue={flow} maxLength={100} {...control} />}
          </FormField>
          <Button type="submit" variant="outline">
            Filter
          </Button>
        </form>
        <FormField label="From" className="w-40" error={problem?.field("created_after")}>
          {(control) => <Input type="date" value={from} max={to || undefined} onChange={(event) => update({ from: event.target.value })} {...control} />}
        </FormField>
        <FormField label="To" className="w-40" error={problem?.field("created_before")}>
          {(control) => <Input type="date" value={to} min={from || undefined} onChange={(event) => update({ to: event.target.value })} {...control} />}
        </FormField>
        {filtered ? (
          <Button variant="ghost" onClick={() => setParams(new URLSearchParams(), { replace: true })}>
            <FilterX aria-hidden="true" />
            Clear filters
          </Button>
        ) : null}
      </section>

      {executions.isPending ? (
        <LoadingRows rows={6} label="Loading executions" />
      ) : executions.isError ? (
        <ErrorState error={executions.error} title="Could not load the executions" onRetry={() => void executions.refetch()} />
      ) : executions.data.items.length === 0 ? (
        <EmptyState icon={Activity} title={filtered ? "No execution matches these filters" : "No executions yet"}>
          {filtered ? (
            "Change or clear the filters."
          ) : (
            <>
              Run a flow from the <Link className="underline" to="/flows">Flows</Link> screen, or generate an article in the Content Studio.
            </>
          )}
        </EmptyState>
      ) : (
        <>
          <Table aria-busy={executions.isFetching}>
            <TableHeader>
              <TableRow>
                <TableHead>Flow</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Started</TableHead>
                <TableHead className="text-end">Tokens</TableHead>
                <TableHead className="text-end">Cost</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {executions.data.items.map((item) => (
                <TableRow key={item.execution_id}>
                  <TableCell className="font-medium">
                    <Link to={`/executions/${item.execution_id}`} className="underline-offset-4 hover:underline" aria-label={`${item.flow}, ${item.status}, started ${formatDateTime(utc(item.created_at))}`}>
                      {item.flow}
                    </Link>
                    <span className="block font-mono text-xs text-muted-foreground">{item.execution_id.slice(0, 8)}</span>
                  </TableCell>
                  <TableCell>
                    <StatusBadge status={item.status} />
                  </TableCell>
                  <TableCell title={formatDateTime(utc(item.created_at))}>{formatRelative(utc(item.created_at))}</TableCell>
                  <TableCell className="text-end tabular-nums">{formatNumber(item.tokens)}</TableCell>
                  <TableCell className="text-end tabular-nums">{formatCost(item.cost)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <nav aria-label="Pages of executions" className="flex items-center justify-between text-sm text-muted-foreground">
            <span>
              {offset + 1}–{offset + executions.data.items.length} of {executions.data.total}
            </span>
            <span className="flex gap-2">
              <Button variant="outline" size="sm" disabled={offset === 0} onClick={() => update({ offset: String(Math.max(0, offset - PAGE_SIZE)) })}>
                Previous
              </Button>
              <Button
                variant="outline"
                size="sm"
                disabled={executions.data.next_offset == null}
                onClick={() => update({ offset: String(executions.data.next_offset ?? offset) })}
              >
                Next
              </Button>
            </span>
          </nav>
        </>
      )}
    </div>
  );
}
