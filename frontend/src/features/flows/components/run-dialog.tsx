// Run the saved flow: a form drawn from its input schema, then off to the execution monitor.
import { AlertTriangle } from "lucide-react";
import { useRef, useState, type SyntheticEvent } from "react";
import { useNavigate } from "react-router";

import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FieldError } from "@/components/ui/field-error";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { ApiProblem, errorMessage } from "@/lib/problems";

import { useRunFlow, type FlowDetail } from "../api/flows";
import { checkObject, defaultsOf } from "@/lib/json-schema";
import { withEntry } from "@/lib/records";
import { inputSchema } from "../lib/spec";
import { SchemaForm, type FormValue } from "@/components/schema-form/schema-form";

/** Messages of a refused run by input name (`input 'topic'`, `body.inputs.topic`). */
function inputErrors(error: unknown): { byInput: Record<string, string>; other: string[] } {
  const byInput: Record<string, string> = {};
  const other: string[] = [];
  if (!(error instanceof ApiProblem)) return { byInput, other };
  for (const entry of error.problem.errors ?? []) {
    const named = /^input '([^']+)'/.exec(entry.field)?.[1] ?? /^body\.inputs\.([^.]+)/.exec(entry.field)?.[1];
    if (named) byInput[named] = byInput[named] ? `${byInput[named]} ${entry.message}` : entry.message;
    else if (entry.field === "body.token_cap") byInput.__token_cap = entry.message;
    else other.push(entry.field ? `${entry.field}: ${entry.message}` : entry.message);
  }
  return { byInput, other };
}

export function RunDialog({ flow, dirty, onClose }: { flow: FlowDetail; dirty: boolean; onClose: () => void }) {
  const navigate = useNavigate();
  const run = useRunFlow(flow.id);
  const schema = inputSchema(flow.spec);
  const [inputs, setInputs] = useState<FormValue>(() => defaultsOf(schema));
  const [tokenCap, setTokenCap] = useState("");
  const [checked, setChecked] = useState<Record<string, string>>({});
  const [jsonErrors, setJsonErrors] = useState<Record<string, string>>({});
  const started = useRef(false);
  const server = inputErrors(run.error);
  const errors = { ...server.byInput, ...checked };

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    // One run per click, however many clicks arrive before the answer.
    if (run.isPending || started.current) return;
    const found = checkObject(schema, inputs);
    setChecked(found);
    if (Object.keys(found).length || Object.keys(jsonErrors).length) return;
    started.current = true;
    const cap = tokenCap.trim() ? Number(tokenCap) : undefined;
    run.mutate(
      { inputs, version: flow.latest_version, token_cap: cap },
      {
        onSuccess: (status) => void navigate(`/executions/${status.execution_id}`),
        onSettled: (_data, error) => {
          if (error) started.current = false;
        },
      },
    );
  };

  const hasInputs = Object.keys(schema.properties ?? {}).length > 0;
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-w-2xl">
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <DialogHeader>
            <DialogTitle>Run {flow.name}</DialogTitle>
            <DialogDescription>Runs version {flow.latest_version}, then opens its live progress.</DialogDescription>
          </DialogHeader>
          {dirty ? (
            <Alert variant="warning">
              <AlertTriangle aria-hidden="true" />
              <AlertDescription>Your unsaved changes are not part of this run: save a version first to run them.</AlertDescription>
            </Alert>
          ) : null}
          {hasInputs ? (
            <SchemaForm
              schema={schema}
              value={inputs}
              onChange={(next) => {
                setInputs(next);
                setChecked({});
              }}
              errors={errors}
              onJsonError={(path, message) =>
                setJsonErrors((previous) => withEntry(previous, path, message))
              }
              disabled={run.isPending}
            />
          ) : (
            <p className="text-sm text-muted-foreground">This flow takes no inputs.</p>
          )}
          <FormField label="Token cap (optional)" hint="Stop the run once it has used this many tokens." error={server.byInput.__token_cap}>
            {(control) => <Input type="number" min={1} step={1} value={tokenCap} onChange={(event) => setTokenCap(event.target.value)} {...control} />}
          </FormField>
          {server.other.length ? <FieldError>{server.other.join(" ")}</FieldError> : null}
          {run.isError && !(run.error instanceof ApiProblem && run.error.status === 422) ? <FieldError>{errorMessage(run.error)}</FieldError> : null}
          <DialogFooter>
            <Button variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={run.isPending || run.isSuccess}>
              {run.isPending || run.isSuccess ? "Starting…" : "Start run"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
