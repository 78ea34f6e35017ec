import { API_BASE } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";
import { useEventStream } from "@/lib/sse";

export type RunStatus = components["schemas"]["RunStatus"];

/** Where a started generation is: its execution and the document it fills. */
export interface StartedRun {
  executionId: string;
  documentId: string;
}

/** Statuses after which a run changes no more until someone resumes or regenerates it. */
export const SETTLED = new Set(["completed", "failed", "cancelled", "paused"]);

/**
 * Follow a run live: every event carries its whole status document, so a reconnect misses
 * nothing. `stale` is true while the connection is lost and being retried.
 */
export function useRun(executionId: string) {
  const stream = useEventStream<RunStatus>(`${API_BASE}/executions/${encodeURIComponent(executionId)}/events`);
  const status = stream.data;
  return {
    status,
    stale: stream.stale,
    error: stream.error,
    settled: status !== undefined && SETTLED.has(status.status) && stream.ended,
  };
}

/** A node's name as a writer would say it: from `labels`, else its id with spaces. */
export function nodeLabel(id: string, labels: Record<string, string>): string {
  return labels[id] ?? id.replace(/_/g, " ");
}
