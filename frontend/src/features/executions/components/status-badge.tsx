import { Badge } from "@/components/ui/badge";
import { cn } from "@/lib/utils";

type Variant = "default" | "secondary" | "outline" | "success" | "warning" | "destructive";

const VARIANTS: Record<string, Variant> = {
  queued: "outline",
  pending: "outline",
  running: "default",
  paused: "warning",
  waiting: "warning",
  completed: "success",
  failed: "destructive",
  cancelled: "secondary",
  skipped: "secondary",
};

/** A run's or a node's state, as a badge (the word is always shown, colour only helps). */
export function StatusBadge({ status, className }: { status: string; className?: string }) {
  return (
    // The warning colour on its own tint is too faint for small text (axe): the word stays dark.
    <Badge variant={VARIANTS[status] ?? "outline"} className={cn(VARIANTS[status] === "warning" && "text-foreground", className)}>
      {status}
    </Badge>
  );
}
