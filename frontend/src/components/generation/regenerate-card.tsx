import { useMutation } from "@tanstack/react-query";
import { Loader2, RefreshCw } from "lucide-react";
import { Fragment, useState } from "react";

import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { api, unwrap } from "@/lib/api/client";
import { errorMessage } from "@/lib/problems";
import type { RunStatus } from "@/lib/run";

/** A node of a flow that may be written again, named as the person reading the result says it. */
export interface RegenerableNode {
  id: string;
  label: string;
  /** Said under the choice while this node is chosen (what else is written again with it). */
  hint?: string;
  /** What the button says after "Regenerate" (the label in lower case by default). */
  action?: string;
  /** Parts of it that can be written again alone (one item each of a map: "sections[1]"). */
  parts?: readonly RegenerableNode[];
}

/** Run one node of a finished run again, with what depends on it (202: follow the run again). */
export function useRegenerate(executionId: string) {
  return useMutation({
    mutationFn: (nodeId: string) =>
      unwrap(
        api.POST("/executions/{execution_id}/regenerate", {
          params: { path: { execution_id: executionId } },
          body: { node_id: nodeId },
        }),
      ),
  });
}

/**
 * Write one part of a finished run again. `nodes` are the parts offered (in order, with their
 * labels); those the run did not run are left out. With one part there is nothing to choose:
 * the card names it. `onRestarted` is called once the server has accepted the new run, which
 * then stores its result as the document's next version.
 */
export function RegenerateCard({
  executionId,
  status,
  nodes,
  defaultNode,
  dirty,
  onRestarted,
  description = "Write one part again; what depends on it is rewritten too, and the result becomes a new version.",
}: {
  executionId: string;
  status: RunStatus;
  nodes: readonly RegenerableNode[];
  defaultNode?: string;
  dirty: boolean;
  onRestarted: () => void;
  description?: string;
}) {
  const regenerate = useRegenerate(executionId);
  const present = new Set(status.nodes.filter((node) => node.status !== "skipped").map((node) => node.id));
  const offered = nodes.filter((node) => present.has(node.id));
  const choices = offered.flatMap((node) => [node, ...(node.parts ?? [])]);
  const [chosen, setChosen] = useState<string>(
    offered.some((node) => node.id === defaultNode) ? (defaultNode ?? "") : (offered[0]?.id ?? ""),
  );
  const node = choices.find((entry) => entry.id === chosen);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Regenerate</CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        {offered.length === 0 || !node ? (
          <p className="text-sm text-muted-foreground">This run has no step that can be written again.</p>
        ) : (
          <form
            className="grid gap-3"
            aria-label="Regenerate a part"
            onSubmit={(event) => {
              event.preventDefault();
              if (regenerate.isPending) return;
              regenerate.mutate(node.id, { onSuccess: onRestarted });
            }}
          >
            {choices.length > 1 ? (
              <FormField label="Part to write again" hint={node.hint}>
                {(control) => (
                  <Select value={node.id} onValueChange={setChosen}>
                    <SelectTrigger {...control}>
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      {offered.map((entry) => (
                        <Fragment key={entry.id}>
                          <SelectItem value={entry.id}>{entry.label}</SelectItem>
                          {entry.parts?.map((part) => (
                            <SelectItem key={part.id} value={part.id} className="ps-6">
                              {part.label}
                            </SelectItem>
                          ))}
                        </Fragment>
                      ))}
                    </SelectContent>
                  </Select>
                )}
              </FormField>
            ) : (
              <p className="text-sm">
                <span className="font-medium">{node.label}</span>
                {node.hint ? <span className="text-muted-foreground">: {node.hint}</span> : null}
              </p>
            )}
            {dirty ? <p className="text-sm text-warning">Your unsaved edits will be lost.</p> : null}
            {regenerate.isError ? (
              <p role="alert" className="text-sm text-destructive">
                {errorMessage(regenerate.error)}
              </p>
            ) : null}
            <div>
              <Button type="submit" variant="secondary" disabled={regenerate.isPending} aria-busy={regenerate.isPending}>
                {regenerate.isPending ? <Loader2 aria-hidden="true" className="animate-spin" /> : <RefreshCw aria-hidden="true" />}
                Regenerate {node.action ?? node.label.toLowerCase()}
              </Button>
            </div>
          </form>
        )}
      </CardContent>
    </Card>
  );
}
