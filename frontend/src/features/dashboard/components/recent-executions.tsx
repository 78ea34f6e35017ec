import { Activity } from "lucide-react";
import { Link } from "react-router";

import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { LoadingRows } from "@/components/ui/skeleton";
import { formatCompact, formatCost, formatRelative } from "@/lib/format";

import { useRecentExecutions } from "../api/recent";

import { StatusBadge } from "./status-badge";

export function RecentExecutions() {
  const executions = useRecentExecutions();
  return (
    <Card aria-labelledby="recent-executions">
      <CardHeader className="flex-row items-center justify-between">
        <CardTitle id="recent-executions">Recent runs</CardTitle>
        <Button variant="link" size="sm" asChild>
          <Link to="/executions">All runs</Link>
        </Button>
      </CardHeader>
      <CardContent>
        {executions.isPending ? (
          <LoadingRows rows={4} label="Loading recent runs" />
        ) : executions.isError ? (
          <ErrorState error={executions.error} title="Could not load recent runs" onRetry={() => void executions.refetch()} />
        ) : executions.data.items.length === 0 ? (
          <EmptyState icon={Activity} title="No runs yet">
            Runs appear here when you generate an article, product copy or a pattern, or run a flow.
          </EmptyState>
        ) : (
          <ul className="divide-y">
            {executions.data.items.map((run) => (
              <li key={run.execution_id}>
                <Link
                  to={`/executions/${run.execution_id}`}
                  className="flex items-center gap-3 rounded-md px-2 py-2.5 hover:bg-accent focus-visible:outline-2 focus-visible:outline-ring"
                >
                  <span className="grid min-w-0 flex-1 gap-0.5">
                    <span className="truncate font-medium">{run.flow}</span>
                    <span className="text-xs text-muted-foreground">
                      {formatRelative(run.created_at)} · {formatCompact(run.tokens)} tokens · {formatCost(run.cost)}
                    </span>
                  </span>
                  <StatusBadge status={run.status} />
                </Link>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
