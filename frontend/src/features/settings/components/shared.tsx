import { CheckCircle2, KeyRound, ShieldAlert, WifiOff, type LucideIcon } from "lucide-react";
import type { ReactNode } from "react";

import { Badge } from "@/components/ui/badge";
import { useSession } from "@/lib/session";

/** Whether the signed-in role may do what needs `needed` (owner > admin > editor > viewer). */
export function useCan(needed: "admin" | "editor"): boolean {
  const { role } = useSession();
  if (role === "owner" || role === "admin") return true;
  return needed === "editor" && role === "editor";
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
