// Rename a saved flow or change its description (PATCH): its versions stay as they are.
import { useState, type SyntheticEvent } from "react";

import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FieldError } from "@/components/ui/field-error";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toast";
import { ApiProblem, errorMessage } from "@/lib/problems";

import { useRenameFlow, type FlowDetail } from "../api/flows";

export function RenameDialog({ flow, onClose }: { flow: FlowDetail; onClose: () => void }) {
  const rename = useRenameFlow(flow.id);
  const [name, setName] = useState(flow.name);
  const [description, setDescription] = useState(flow.description ?? "");
  const problem = rename.error instanceof ApiProblem ? rename.error : null;
  const nameError = problem?.field("name") ?? (problem?.status === 409 ? problem.message : undefined);

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    rename.mutate(
      { name: name.trim(), description: description.trim() || null },
      {
        onSuccess: (renamed) => {
          toast({ title: renamed.name === flow.name ? "Description saved" : `Renamed to ${renamed.name}`, variant: "success" });
          onClose();
        },
      },
    );
  };

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <form onSubmit={submit} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>Rename {flow.name}</DialogTitle>
            <DialogDescription>Its versions stay as they are; runs of it keep the name they ran under.</DialogDescription>
          </DialogHeader>
          <FormField label="Name" error={nameError} hint="Unique in the workspace.">
            {(control) => <Input value={name} required maxLength={100} onChange={(event) => setName(event.target.value)} {...control} />}
          </FormField>
          <FormField label="Description" error={problem?.field("description")}>
            {(control) => <Textarea rows={2} value={description} onChange={(event) => setDescription(event.target.value)} {...control} />}
          </FormField>
          {rename.isError && !nameError && !problem?.field("description") ? <FieldError>{errorMessage(rename.error)}</FieldError> : null}
          <DialogFooter>
            <Button variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={rename.isPending || !name.trim()}>
              {rename.isPending ? "Saving…" : "Save"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
