import { Loader2, Sparkles } from "lucide-react";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { errorMessage } from "@/lib/problems";

/**
 * Why a generation could not be started, above its button: the messages no field of the form
 * shows (each with the field it names), or the error itself when no field showed any.
 */
export function StartProblems({
  title,
  error,
  placed,
}: {
  title: string;
  error: unknown;
  placed: { fields: Record<string, string>; other: string[] };
}) {
  if (!error || (placed.other.length === 0 && Object.keys(placed.fields).length > 0)) return null;
  return (
    <Alert variant="destructive">
      <AlertTitle>{title}</AlertTitle>
      <AlertDescription>
        {placed.other.length ? (
          <ul className="list-disc ps-4">
            {placed.other.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        ) : (
          <p>{errorMessage(error)}</p>
        )}
      </AlertDescription>
    </Alert>
  );
}

/** The submit button of a generation form: "Starting…" with a spinner while the start is sent. */
export function StartButton({ label, pending, disabled = false }: { label: string; pending: boolean; disabled?: boolean }) {
  return (
    <div>
      <Button type="submit" disabled={pending || disabled} aria-busy={pending}>
        {pending ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Sparkles aria-hidden="true" />}
        {pending ? "Starting…" : label}
      </Button>
    </div>
  );
}
