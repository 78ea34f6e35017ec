import { useCallback, useRef } from "react";

/**
 * Run at most one of `task` at a time, decided synchronously: a double click reaches the
 * handler twice before a mutation's isPending re-renders the button, so isPending alone
 * would send the request twice. `task` gets `done`, to call when the request settles.
 */
export function useOnce(): (task: (done: () => void) => void) => void {
  const busy = useRef(false);
  return useCallback((task: (done: () => void) => void) => {
    if (busy.current) return;
    busy.current = true;
    task(() => {
      busy.current = false;
    });
  }, []);
}
