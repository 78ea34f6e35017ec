import { createElement, lazy, useState, type ComponentType } from "react";

/** A component whose code is fetched on demand, and the function that fetches it ahead of need. */
export interface Preloadable<P extends object> {
  Component: ComponentType<P>;
  /** Starts fetching the code (once; again after a failure) and resolves when it is here. */
  preload: () => Promise<unknown>;
}

/**
 * `React.lazy` for code that is often preloaded. React.lazy suspends on its first render even when
 * its module has already arrived (it learns so only a microtask later); rendered by a synchronous
 * update, such as the session's restore, that shows the Suspense fallback and then holds the
 * component back for React's fallback throttle (300 ms). This renders the component at once when
 * its module is here, and like React.lazy (suspending) otherwise.
 */
export function preloadable<P extends object>(load: () => Promise<{ default: ComponentType<P> }>): Preloadable<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<{ default: ComponentType<P> }> | undefined;
  const preload = () =>
    (loading ??= load().then(
      (module) => {
        loaded = module.default;
        return module;
      },
      (error: unknown) => {
        loading = undefined; // the next render or preload tries again
        throw error;
      },
    ));
  const Suspending = lazy(preload);

  function Preloaded(props: P) {
    // Chosen once per mount: changing from one to the other later would remount the component.
    const [Chosen] = useState<ComponentType<P>>(() => loaded ?? Suspending);
    return createElement(Chosen, props);
  }
  return { Component: Preloaded, preload };
}
