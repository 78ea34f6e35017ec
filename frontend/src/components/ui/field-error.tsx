import type { ComponentProps } from "react";

import { cn } from "@/lib/utils";

/**
 * The message for one form field, from a problem document's `errors`. Give it an id and point the
 * input's aria-describedby at it (and set aria-invalid) so screen readers announce it.
 */
export function FieldError({ className, children, ...props }: ComponentProps<"p">) {
  if (!children) return null;
  return (
    <p role="alert" className={cn("text-sm font-medium text-destructive", className)} {...props}>
      {children}
    </p>
  );
}
