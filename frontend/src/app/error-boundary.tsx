import { AlertTriangle } from "lucide-react";
import { Component, type ErrorInfo, type ReactNode } from "react";
import { isRouteErrorResponse, Link, useRouteError } from "react-router";

import { Button } from "@/components/ui/button";

function isChunkLoadError(error: unknown): boolean {
  return error instanceof Error && /dynamically imported module|Importing a module script failed|error loading dynamically/i.test(error.message);
}

function Failure({ error, onReset }: { error: unknown; onReset?: () => void }) {
  const stale = isChunkLoadError(error);
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : "An unexpected error happened.";
  return (
    <div role="alert" className="mx-auto flex max-w-xl flex-col items-start gap-3 p-8">
      <AlertTriangle aria-hidden="true" className="size-8 text-destructive" />
      <h1 className="text-xl font-semibold">{stale ? "The studio was updated" : "This screen failed"}</h1>
      <p className="text-sm text-muted-foreground">
        {stale ? "Part of the page could not be loaded, most likely because a newer version was installed. Reload to continue." : message}
      </p>
      <div className="flex gap-2">
        <Button onClick={() => window.location.reload()}>Reload</Button>
        {onReset ? (
          <Button variant="outline" onClick={onReset}>
            Try again
          </Button>
        ) : (
          <Button variant="outline" asChild>
            <Link to="/">Go to the dashboard</Link>
          </Button>
        )}
      </div>
    </div>
  );
}

/** The router's errorElement: a screen that threw while rendering or loading. */
export function RouteError() {
  const error = useRouteError();
  return <Failure error={error} />;
}

/** Catches what fails outside any route (providers, the shell itself). */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: unknown } {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error("Presswright studio crashed", error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error !== null) {
      return <Failure error={this.state.error} onReset={() => this.setState({ error: null })} />;
    }
    return this.props.children;
  }
}
