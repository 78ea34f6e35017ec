import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";

import { Skeleton } from "@/components/ui/skeleton";
import { signInHref, useSession } from "@/lib/session";

/** Screens behind sign-in: wait for the session to be restored, else go to sign-in and come back. */
export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.status === "restoring") {
    return (
      <div role="status" aria-live="polite" className="flex min-h-screen items-center justify-center">
        <span className="sr-only">Restoring your session…</span>
        <Skeleton className="h-10 w-64" />
      </div>
    );
  }
  if (session.status === "signed-out") {
    const here = `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to={signInHref(here, session.ended === "expired" ? "expired" : undefined)} replace />;
  }
  return children;
}
