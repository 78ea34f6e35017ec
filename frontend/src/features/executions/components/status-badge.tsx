import { Badge } from "@/components/ui/badge";

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
    <Badge variant={VARIANTS[status] ?? "outline"} className={className}>
      {status}
    </Badge>
  );
}
