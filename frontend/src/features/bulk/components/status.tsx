import { CheckCircle2, CircleDashed, CircleSlash, Loader2, Recycle, Send, XCircle, type LucideIcon } from "lucide-react";

import { Badge } from "@/components/ui/badge";

import type { BulkProgress, ItemStatus } from "../api/bulk";

type Variant = "default" | "secondary" | "outline" | "success" | "warning" | "destructive";

const STATES: Record<BulkProgress["status"] | ItemStatus, { label: string; variant: Variant; Icon: LucideIcon; spin?: boolean }> = {
  queued: { label: "Queued", variant: "outline", Icon: CircleDashed },
  running: { label: "Running", variant: "secondary", Icon: Loader2, spin: true },
  publishing: { label: "Publishing", variant: "secondary", Icon: Send },
  succeeded: { label: "Succeeded", variant: "success", Icon: CheckCircle2 },
  reused: { label: "Reused", variant: "success", Icon: Recycle },
  completed: { label: "Completed", variant: "success", Icon: CheckCircle2 },
  failed: { label: "Failed", variant: "destructive", Icon: XCircle },
  cancelled: { label: "Cancelled", variant: "outline", Icon: CircleSlash },
};

/** A job's or an item's state as an icon and a word (never colour alone). */
export function StateBadge({ state }: { state: BulkProgress["status"] | ItemStatus }) {
  const { label, variant, Icon, spin } = STATES[state];
  return (
    <Badge variant={variant}>
      <Icon aria-hidden="true" className={spin ? "size-3 animate-spin motion-reduce:animate-none" : "size-3"} />
      {label}
    </Badge>
  );
}
