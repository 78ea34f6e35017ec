import { useEffect, type ReactNode } from "react";
import { matchPath, Navigate, useLocation } from "react-router";

import { signInHref, useSession } from "@/lib/session";

import { featureRoutes } from "./routes";
import { Shell } from "./shell";

/**
 * Screens behind sign-in. While the session is restored from its cookie the shell is shown
 * (and the screen's code fetched at the same time); when there is no session, sign-in, which
 * comes back here afterwards.
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  const restoring = session.status === "restoring";

  useEffect(() => {
    if (!restoring) return;
    const route = featureRoutes.find((entry) => !entry.public && matchPath({ path: entry.path, end: true }, location.pathname));
    void route?.preload?.().catch(() => undefined); // a failure shows when the screen renders
  }, [restoring, location.pathname]);

  if (restoring) return <Shell restoring />;
  if (session.status === "signed-out") {
    const here = `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to={signInHref(here, session.ended === "expired" ? "expired" : undefined)} replace />;
  }
  return children;
}
