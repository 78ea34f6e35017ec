// Toasts on Radix Toast (a polite live region, swipe and keyboard dismiss). Anything can raise one
// with `toast({...})`; the <Toaster /> in the app's providers renders them.
import * as ToastPrimitive from "@radix-ui/react-toast";
import { cva } from "class-variance-authority";
import { X } from "lucide-react";
import { useSyncExternalStore } from "react";

import { cn } from "@/lib/utils";

export interface ToastOptions {
  title: string;
  description?: string;
  variant?: "default" | "success" | "destructive";
  /** Milliseconds on screen; errors stay longer by default. */
  duration?: number;
}

interface ToastEntry extends ToastOptions {
  id: number;
  open: boolean;
}

let entries: ToastEntry[] = [];
let counter = 0;
const listeners = new Set<() => void>();

function emit(next: ToastEntry[]): void {
  entries = next;
  for (const listener of listeners) listener();
}

export function toast(options: ToastOptions): void {
  counter += 1;
  emit([...entries.slice(-4), { ...options, id: counter, open: true }]);
}

function dismiss(id: number): void {
  emit(entries.map((entry) => (entry.id === id ? { ...entry, open: false } : entry)));
  setTimeout(() => emit(entries.filter((entry) => entry.id !== id)), 300);
}

const toastVariants = cva("group pointer-events-auto relative flex w-full items-start justify-between gap-3 overflow-hidden rounded-md border p-4 pr-8 shadow-lg", {
  variants: {
    variant: {
      default: "border bg-background text-foreground",
      success: "border-success/40 bg-background text-foreground",
      destructive: "border-destructive bg-destructive text-destructive-foreground",
    },
  },
  defaultVariants: { variant: "default" },
});

export function Toaster() {
  const current = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => entries,
  );
  return (
    <ToastPrimitive.Provider swipeDirection="right">
      {current.map((entry) => (
        <ToastPrimitive.Root
          key={entry.id}
          open={entry.open}
          duration={entry.duration ?? (entry.variant === "destructive" ? 10_000 : 5_000)}
          onOpenChange={(open) => {
            if (!open) dismiss(entry.id);
          }}
          className={cn(toastVariants({ variant: entry.variant }))}
        >
          <div className="grid gap-1">
            <ToastPrimitive.Title className="text-sm font-semibold">{entry.title}</ToastPrimitive.Title>
            {entry.description ? <ToastPrimitive.Description className="text-sm opacity-90">{entry.description}</ToastPrimitive.Description> : null}
          </div>
          <ToastPrimitive.Close className="absolute right-2 top-2 rounded-md p-1 opacity-70 hover:opacity-100 focus-visible:outline-2 focus-visible:outline-ring">
            <X aria-hidden="true" className="size-4" />
            <span className="sr-only">Dismiss</span>
          </ToastPrimitive.Close>
        </ToastPrimitive.Root>
      ))}
      <ToastPrimitive.Viewport className="fixed bottom-0 right-0 z-[100] flex max-h-screen w-full flex-col gap-2 p-4 sm:max-w-sm" />
    </ToastPrimitive.Provider>
  );
}
