import { Compass } from "lucide-react";
import { Link, useLocation } from "react-router";

import { Button } from "@/components/ui/button";

export function NotFound() {
  const location = useLocation();
  return (
    <div className="mx-auto flex max-w-xl flex-col items-start gap-3 py-12">
      <Compass aria-hidden="true" className="size-8 text-muted-foreground" />
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-sm text-muted-foreground">
        There is no screen at <code className="rounded bg-muted px-1 py-0.5">{location.pathname}</code>. It may have moved, or the link is mistyped.
      </p>
      <Button asChild>
        <Link to="/">Go to the dashboard</Link>
      </Button>
    </div>
  );
}
