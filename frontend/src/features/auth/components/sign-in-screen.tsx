import { AlertTriangle, Info, KeyRound } from "lucide-react";
import { Link, Navigate, useSearchParams } from "react-router";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { safeNext, signIn, useSession } from "@/lib/session";

import { text, useAuthForm } from "../hooks/use-auth-form";

import { AuthLayout } from "./auth-layout";

const FIELDS = ["email", "password"] as const;

/** Where `presswright init` left the first owner's credentials (see src/presswright/bootstrap.py). */
function FirstRunHelp() {
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <KeyRound aria-hidden="true" className="size-4" />
          First time here?
        </CardTitle>
      </CardHeader>
      <CardContent className="grid gap-2 text-sm text-muted-foreground">
        <p>
          <code className="whitespace-nowrap rounded bg-muted px-1">presswright init</code> (which <code className="whitespace-nowrap rounded bg-muted px-1">make run</code> runs) created
          the first workspace and its owner account. Sign in with it:
        </p>
        <ul className="grid list-disc gap-1 ps-5">
          <li>
            Email: <code className="whitespace-nowrap rounded bg-muted px-1">owner@localhost</code>, unless init was given <code className="whitespace-nowrap rounded bg-muted px-1">--email</code>.
          </li>
          <li>
            Password: printed once in the terminal where init ran (unless you chose it with <code className="whitespace-nowrap rounded bg-muted px-1">--password</code>), and
            written with the email and an API key to <code className="whitespace-nowrap rounded bg-muted px-1">first-run-credentials.txt</code> in the Presswright home
            folder (<code className="whitespace-nowrap rounded bg-muted px-1">~/.presswright</code>, or <code className="whitespace-nowrap rounded bg-muted px-1">$PRESSWRIGHT_HOME</code>), readable only by
            you.
          </li>
        </ul>
        <p>Store the password somewhere safe, then delete that file.</p>
      </CardContent>
    </Card>
  );
}

export default function SignInScreen() {
  const session = useSession();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const expired = params.get("reason") === "expired" || session.ended === "expired";
  const form = useAuthForm(FIELDS, (data) => signIn({ email: text(data, "email").trim(), password: text(data, "password") }));

  if (session.status === "signed-in") return <Navigate to={next} replace />;

  const registerHref = params.get("next") ? `/register?next=${encodeURIComponent(next)}` : "/register";

  return (
    <AuthLayout title="Sign in" description="Sign in to your Presswright workspace." aside={<FirstRunHelp />}>
      {session.status === "restoring" ? (
        <div role="status" aria-live="polite" className="grid gap-3">
          <span className="sr-only">Checking for a saved session…</span>
          <Skeleton className="h-9 w-full" />
          <Skeleton className="h-9 w-full" />
          <Skeleton className="h-9 w-24" />
        </div>
      ) : (
        <form className="grid gap-4" onSubmit={form.submit} noValidate={false} aria-busy={form.pending}>
          {expired ? (
            <Alert variant="warning">
              <Info aria-hidden="true" />
              <AlertTitle>Your session ended</AlertTitle>
              <AlertDescription>Sign in again{next !== "/" ? " to return to the screen you were on" : ""}.</AlertDescription>
            </Alert>
          ) : null}
          {session.ended === "signed-out" && !expired ? (
            <Alert>
              <Info aria-hidden="true" />
              <AlertDescription>You are signed out.</AlertDescription>
            </Alert>
          ) : null}
          {form.formError ? (
            <Alert variant="destructive">
              <AlertTriangle aria-hidden="true" />
              <AlertTitle>Could not sign in</AlertTitle>
              <AlertDescription>{form.formError}</AlertDescription>
            </Alert>
          ) : null}
          <FormField label="Email" error={form.fields.email}>
            {(control) => <Input {...control} name="email" type="email" autoComplete="username" required />}
          </FormField>
          <FormField label="Password" error={form.fields.password}>
            {(control) => <Input {...control} name="password" type="password" autoComplete="current-password" required />}
          </FormField>
          <Button type="submit" disabled={form.pending}>
            {form.pending ? "Signing in…" : "Sign in"}
          </Button>
          <p className="text-sm text-muted-foreground">
            No account yet?{" "}
            <Link className="font-medium text-primary underline-offset-4 hover:underline" to={registerHref}>
              Create one with a workspace of your own
            </Link>
          </p>
        </form>
      )}
    </AuthLayout>
  );
}
