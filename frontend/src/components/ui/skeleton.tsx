import type { ComponentProps } from "react";

import { cn } from "@/lib/utils";

/** A placeholder while data loads; hidden from assistive technology (say "loading" elsewhere). */
export function Skeleton({ className, ...props }: ComponentProps<"div">) {
  return <div aria-hidden="true" className={cn("animate-pulse rounded-md bg-muted", className)} {...props} />;
}

/** A labelled loading region: skeleton rows plus a screen-reader message. */
export function LoadingRows({ rows = 3, label = "Loading", className }: { rows?: number; label?: string; className?: string }) {
  return (
    <div role="status" aria-live="polite" className={cn("grid gap-2", className)}>
      <span className="sr-only">{label}…</span>
      {Array.from({ length: rows }, (_, index) => (
        <Skeleton key={index} className="h-9 w-full" />
      ))}
    </div>
  );
}
