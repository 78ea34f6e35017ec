import { CheckCircle2, KeyRound, ShieldAlert, WifiOff, type LucideIcon } from "lucide-react";
import { useState, type ReactNode } from "react";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, type ButtonProps } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { ApiProblem, errorMessage, problemMessage, unplacedErrors } from "@/lib/problems";
import { useSession } from "@/lib/session";

/** Whether the signed-in role may do what needs `needed` (owner > admin > editor > viewer). */
export function useCan(needed: "admin" | "editor"): boolean {
  const { role } = useSession();
  if (role === "owner" || role === "admin") return true;
  return needed === "editor" && role === "editor";
}

/**
 * The messages of a failed form submission: per field, and the rest as one list. A 409 that
 * names no field (some routes only say "a ... named X exists") goes next to `conflictField`,
 * the one unique field of the form, when the form has one.
 */
export function formProblems(error: unknown, fields: readonly string[], conflictField?: string) {
  if (!error) return { field: () => undefined, rest: [] as string[] };
  if (error instanceof ApiProblem) {
    const rest = unplacedErrors(error.problem, fields);
    const hasErrors = (error.problem.errors ?? []).length > 0;
    if (!hasErrors && error.status === 409 && conflictField !== undefined) {
      const message = problemMessage(error.problem, error.status);
      return { field: (name: string) => (name === conflictField ? message : undefined), rest: [] as string[] };
    }
    return {
      field: (name: string) => error.field(name),
      rest: hasErrors ? rest : [problemMessage(error.problem, error.status)],
    };
  }
  return { field: () => undefined, rest: [errorMessage(error)] };
}

export function FormAlert({ messages, title = "Not saved" }: { messages: string[]; title?: string }) {
  if (messages.length === 0) return null;
  return (
    <Alert variant="destructive">
      <AlertTitle>{title}</AlertTitle>
      <AlertDescription>
        {messages.length === 1 ? (
          <p>{messages[0]}</p>
        ) : (
          <ul className="list-disc ps-4">
            {messages.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        )}
      </AlertDescription>
    </Alert>
  );
}

/** A button that asks first, in a Radix dialog (focus trapped, Escape closes). */
export function ConfirmButton({
  label,
  title,
  description,
  confirmLabel,
  onConfirm,
  variant = "outline",
  size = "sm",
  disabled,
}: {
  label: ReactNode;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<unknown>;
  variant?: ButtonProps["variant"];
  size?: ButtonProps["size"];
  disabled?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setError(null);
      }}
    >
      <DialogTrigger asChild>
        <Button variant={variant} size={size} disabled={disabled}>
          {label}
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        {error ? <FormAlert title="That did not work" messages={[errorMessage(error)]} /> : null}
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline">Keep it</Button>
          </DialogClose>
          <Button
            variant="destructive"
            disabled={busy}
            onClick={() => {
              setBusy(true);
              setError(null);
              onConfirm()
                .then(() => setOpen(false))
                .catch((caught: unknown) => setError(caught))
                .finally(() => setBusy(false));
            }}
          >
            {busy ? "Working…" : confirmLabel}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

const CONNECTION: Record<"ok" | "unauthorized" | "unreachable", { label: string; variant: "success" | "destructive" | "outline"; Icon: LucideIcon }> = {
  ok: { label: "Connected", variant: "success", Icon: CheckCircle2 },
  unauthorized: { label: "Refused", variant: "destructive", Icon: KeyRound },
  unreachable: { label: "Unreachable", variant: "outline", Icon: WifiOff },
};

export function ConnectionBadge({ status }: { status: "ok" | "unauthorized" | "unreachable" }) {
  const { label, variant, Icon } = CONNECTION[status];
  return (
    <Badge variant={variant}>
      <Icon aria-hidden="true" className="size-3" />
      {label}
    </Badge>
  );
}

export function ReadOnlyNote({ needs }: { needs: "admin" | "editor" }) {
  return (
    <p className="flex items-center gap-2 text-sm text-muted-foreground">
      <ShieldAlert aria-hidden="true" className="size-4" />
      {needs === "admin" ? "Only owners and admins can change these." : "Only editors, admins and owners can change these."}
    </p>
  );
}

export function SectionHeader({ title, description, action }: { title: string; description: ReactNode; action?: ReactNode }) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-3">
      <div className="grid gap-1">
        <h2 className="text-lg font-semibold">{title}</h2>
        <p className="max-w-prose text-sm text-muted-foreground">{description}</p>
      </div>
      {action}
    </div>
  );
}
