import { useDeferredValue, useEffect, type ReactNode } from "react";
import { Navigate, useLocation } from "react-router";

import { signInHref, useSession } from "@/lib/session";

import { preloadScreen } from "./routes";
import { Shell } from "./shell";

// One element for good: when the session arrives, the urgent render (the deferred one comes
// after) finds the same element here and skips the whole shell instead of rendering it again.
const restoringShell = <Shell restoring />;

/**
 * Screens behind sign-in. While the session is restored from its cookie the shell is shown, and
 * once it is painted the screen's code is fetched, alongside the refresh; when there is no
 * session, sign-in, which comes back here afterwards.
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  // Deferred: the session's store updates synchronously, and the screen it reveals is the page's
  // largest render. As a deferred update React renders it in short slices (the page answers input
  // meanwhile instead of freezing for one long task) and keeps the shell shown, not a fallback,
  // until the screen is ready.
  const status = useDeferredValue(session.status);
  const restoring = status === "restoring";

  useEffect(() => {
    if (!restoring) return;
    // After the shell's first paint (the frame after this commit): the page shows first, then
    // the screen's code downloads while the session's refresh is under way.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => preloadScreen(location.pathname), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [restoring, location.pathname]);

  if (restoring) return restoringShell;
  if (status === "signed-out") {
    const here = `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to={signInHref(here, session.ended === "expired" ? "expired" : undefined)} replace />;
  }
  return children;
}
