// Save the editor's spec: a new flow (name, description) or a new version of a saved one (note).
// A 422 lists the spec's problems; they go back to the editor to be pinned on the canvas.
import { useState, type SyntheticEvent } from "react";
import { useNavigate } from "react-router";

import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FieldError } from "@/components/ui/field-error";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toast";
import { ApiProblem, errorMessage } from "@/lib/problems";

import { useCreateFlow, useSaveVersion, type FlowSpec, type SpecProblem } from "../api/flows";
import { specPath } from "../lib/spec";

/** The spec problems of a refused save: the flow checker's (`node 'x'`) or the body's shape. */
function specProblems(error: unknown): SpecProblem[] {
  if (!(error instanceof ApiProblem) || error.status !== 422) return [];
  return (error.problem.errors ?? [])
    .filter((entry) => !/^body\.(name|description|note)$/.test(entry.field))
    .map((entry) => ({ where: entry.field.startsWith("body.") ? specPath(entry.field) : entry.field, message: entry.message }));
}

export function SaveDialog({
  mode,
  flowId,
  spec,
  onClose,
  onSaved,
  onProblems,
}: {
  mode: "new" | "version";
  flowId?: string;
  spec: FlowSpec;
  onClose: () => void;
  onSaved: (version: number) => void;
  onProblems: (problems: SpecProblem[]) => void;
}) {
  const navigate = useNavigate();
  const create = useCreateFlow();
  const save = useSaveVersion(flowId ?? "");
  const [name, setName] = useState("");
  const [description, setDescription] = useState(spec.description);
  const [note, setNote] = useState("");
  const pending = create.isPending || save.isPending;
  const error = create.error ?? save.error;
  const problem = error instanceof ApiProblem ? error : null;
  const refused = specProblems(error);
  // A taken name answers 409 (naming no field): it belongs next to the name.
  const nameError = problem?.field("name") ?? (mode === "new" && problem?.status === 409 ? problem.message : undefined);

  const fail = (failure: unknown) => {
    const found = specProblems(failure);
    if (found.length) {
      onProblems(found);
      toast({ title: "Not saved", description: `${found.length} problem${found.length === 1 ? "" : "s"} in the flow; they are marked on the canvas.`, variant: "destructive" });
      onClose();
    }
  };

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (mode === "new") {
      const flowName = name.trim();
      create.mutate(
        { name: flowName, description: description.trim() || null, spec: { ...spec, name: flowName, description: description.trim() } },
        {
          onSuccess: (flow) => {
            toast({ title: `Saved ${flow.name}`, variant: "success" });
            onSaved(flow.latest_version);
            onClose();
            void navigate(`/flows/${flow.id}`, { replace: true, state: { saved: true } });
          },
          onError: fail,
        },
      );
    } else {
      save.mutate(
        { spec, note: note.trim() || null },
        {
          onSuccess: (version) => {
            toast({ title: `Saved version ${version.version}`, variant: "success" });
            onSaved(version.version);
            onClose();
          },
          onError: fail,
        },
      );
    }
  };

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <form onSubmit={submit} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>{mode === "new" ? "Save the new flow" : "Save as a new version"}</DialogTitle>
            <DialogDescription>
              {mode === "new" ? "It becomes version 1 of a saved flow of this workspace." : "Earlier versions never change; runs that used them keep them."}
            </DialogDescription>
          </DialogHeader>
          {mode === "new" ? (
            <>
              <FormField label="Name" error={nameError} hint="Unique in the workspace.">
                {(control) => <Input value={name} required maxLength={100} onChange={(event) => setName(event.target.value)} {...control} />}
              </FormField>
              <FormField label="Description" error={problem?.field("description")}>
                {(control) => <Textarea rows={2} value={description} onChange={(event) => setDescription(event.target.value)} {...control} />}
              </FormField>
            </>
          ) : (
            <FormField label="What changed (optional)" error={problem?.field("note")}>
              {(control) => <Input value={note} maxLength={500} onChange={(event) => setNote(event.target.value)} {...control} />}
            </FormField>
          )}
          {error && refused.length === 0 && !nameError && !problem?.field("note") ? <FieldError>{errorMessage(error)}</FieldError> : null}
          <DialogFooter>
            <Button variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending || (mode === "new" && !name.trim())}>
              {pending ? "Saving…" : "Save"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
