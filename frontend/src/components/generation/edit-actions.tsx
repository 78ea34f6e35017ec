import { Loader2, RotateCcw, Save } from "lucide-react";

import { Button } from "@/components/ui/button";

/** An edit form's "Check and save" (busy while checking or saving) and "Discard edits". */
export function EditActions({
  dirty,
  saving,
  checking,
  blocked = false,
  onDiscard,
}: {
  dirty: boolean;
  saving: boolean;
  checking: boolean;
  /** Saving is not possible as typed (e.g. invalid JSON-LD). */
  blocked?: boolean;
  onDiscard: () => void;
}) {
  return (
    <div className="flex flex-wrap gap-2">
      <Button type="submit" disabled={!dirty || saving || checking || blocked} aria-busy={saving || checking}>
        {saving || checking ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Save aria-hidden="true" />}
        {checking ? "Checking…" : "Check and save"}
      </Button>
      <Button variant="outline" disabled={!dirty || saving} onClick={onDiscard}>
        <RotateCcw aria-hidden="true" />
        Discard edits
      </Button>
    </div>
  );
}
