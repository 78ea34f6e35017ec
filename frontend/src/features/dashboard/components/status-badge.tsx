import { Badge } from "@/components/ui/badge";

const VARIANTS: Record<string, "success" | "warning" | "destructive" | "secondary" | "outline"> = {
  completed: "success",
  ready: "success",
  running: "warning",
  generating: "warning",
  queued: "secondary",
  paused: "outline",
  failed: "destructive",
  cancelled: "secondary",
};

export function StatusBadge({ status }: { status: string }) {
  return <Badge variant={VARIANTS[status] ?? "outline"}>{status}</Badge>;
}
