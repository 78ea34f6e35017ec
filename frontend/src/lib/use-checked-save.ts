import { useState, type SyntheticEvent } from "react";

import { toast } from "@/components/ui/toast";
import { useCheckNow, type CheckedKind } from "@/lib/contract";
import { useEditDocument } from "@/lib/documents";
import { errorMessage } from "@/lib/problems";

/**
 * Save an edit of generated content as the next version, checked first: the server's contract
 * check (a dry run) runs on what is typed, and an edit that breaks a rule is not sent. Says how
 * it went in a toast; `edit` is the save itself (its error names what the server refused).
 */
export function useCheckedSave({
  documentId,
  kind,
  meets,
  onSaved,
}: {
  documentId: string;
  kind: CheckedKind;
  /** What a saved edit meets, for the toast ("the content contract"). */
  meets: string;
  onSaved: () => void;
}) {
  const edit = useEditDocument(documentId);
  const checkNow = useCheckNow();
  const [checking, setChecking] = useState(false);

  const save = async (event: SyntheticEvent, baseVersion: number, content: Record<string, unknown> | null) => {
    event.preventDefault();
    if (edit.isPending || checking || content === null) return;
    edit.reset();
    setChecking(true);
    try {
      const verdict = await checkNow(kind, content);
      if (!verdict.ok) {
        toast({
          title: `Not saved: ${String(verdict.errors.length)} rule(s) broken`,
          description: "Each is shown next to its field; fix them and save again.",
          variant: "destructive",
        });
        return;
      }
    } catch (error) {
      toast({ title: "The edit could not be checked", description: errorMessage(error), variant: "destructive" });
      return;
    } finally {
      setChecking(false);
    }
    edit.mutate(
      { baseVersion, content },
      {
        onSuccess: (updated) => {
          onSaved();
          toast({ title: `Saved as version ${String(updated.current_version)}`, description: `It meets ${meets}.`, variant: "success" });
        },
      },
    );
  };

  return { edit, checking, save };
}
