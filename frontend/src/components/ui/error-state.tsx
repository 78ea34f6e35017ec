import { AlertTriangle } from "lucide-react";

import { errorMessage } from "@/lib/problems";

import { Alert, AlertDescription, AlertTitle } from "./alert";
import { Button } from "./button";

/** What a screen shows when its data could not be loaded, with a way to try again. */
export function ErrorState({ error, title = "Could not load this", onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  return (
    <Alert variant="destructive">
      <AlertTriangle aria-hidden="true" />
      <AlertTitle>{title}</AlertTitle>
      <AlertDescription>
        <p>{errorMessage(error)}</p>
        {onRetry ? (
          <Button variant="outline" size="sm" className="mt-2" onClick={onRetry}>
            Try again
          </Button>
        ) : null}
      </AlertDescription>
    </Alert>
  );
}
