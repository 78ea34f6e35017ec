import { cva, type VariantProps } from "class-variance-authority";
import type { ComponentProps } from "react";

import { cn } from "@/lib/utils";

// Text contrast (WCAG, at least 4.5:1 in both themes). The tinted variants keep their hue in a
// 15% tint but write the word in the status colour mixed 70/30 (oklab) with --foreground, which
// darkens it on light and lightens it on dark. Worst case over the page (--background), a card
// (--card) and a muted panel (--muted), computed from the oklch tokens in index.css:
//   light  success #1a5331 on #cfded9 6.49   warning #724a16 on #e4dcd0 5.70   destructive #822424 on #e7d1d5 6.52
//   dark   success #92d3a1 on #283b36 6.86   warning #ebc688 on #3c382f 7.24   destructive #f89790 on #3e2d32 6.04
//   default  #f8f8f8 on #1d4371 9.48 (light), #0a121f on #85bcf5 9.46 (dark)
//   secondary #192230 on #eaeff5 13.84 (light), #eceff2 on #212730 13.02 (dark)
//   outline  --foreground on the surface: 16.12 or more (light), 13.83 or more (dark)
// (The bare status colours on their tints were 3.67-4.08 for warning and 4.46 for success.)
export const badgeVariants = cva(
  "inline-flex items-center gap-1 rounded-md border px-2 py-0.5 text-xs font-medium whitespace-nowrap",
  {
    variants: {
      variant: {
        default: "border-transparent bg-primary text-primary-foreground",
        secondary: "border-transparent bg-secondary text-secondary-foreground",
        outline: "text-foreground",
        success: "border-transparent bg-success/15 text-[color-mix(in_oklab,var(--success)_70%,var(--foreground))]",
        warning: "border-transparent bg-warning/15 text-[color-mix(in_oklab,var(--warning)_70%,var(--foreground))]",
        destructive: "border-transparent bg-destructive/15 text-[color-mix(in_oklab,var(--destructive)_70%,var(--foreground))]",
      },
    },
    defaultVariants: { variant: "default" },
  },
);

export function Badge({ className, variant, ...props }: ComponentProps<"span"> & VariantProps<typeof badgeVariants>) {
  return <span className={cn(badgeVariants({ variant }), className)} {...props} />;
}
