import { AlertTriangle } from "lucide-react";
import { Link, Navigate, useSearchParams } from "react-router";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { register, safeNext, useSession } from "@/lib/session";

import { text, useAuthForm } from "../hooks/use-auth-form";

import { AuthLayout } from "./auth-layout";

const FIELDS = ["email", "display_name", "workspace", "password"] as const;
const MIN_PASSWORD = 10; // presswright.auth.passwords.MIN_PASSWORD_LENGTH

export default function RegisterScreen() {
  const session = useSession();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const form = useAuthForm(FIELDS, (data) =>
    register({
      email: text(data, "email").trim(),
      displayName: text(data, "display_name"),
      workspace: text(data, "workspace").trim(),
      password: text(data, "password"),
    }),
  );

  if (session.status === "signed-in") return <Navigate to={next} replace />;

  return (
    <AuthLayout title="Create an account" description="You get a workspace of your own, as its owner. You can be added to other workspaces later.">
      <form className="grid gap-4" onSubmit={form.submit} aria-busy={form.pending}>
        {form.formError ? (
          <Alert variant="destructive">
            <AlertTriangle aria-hidden="true" />
            <AlertTitle>Could not create the account</AlertTitle>
            <AlertDescription>{form.formError}</AlertDescription>
          </Alert>
        ) : null}
        <FormField label="Email" error={form.fields.email}>
          {(control) => <Input {...control} name="email" type="email" autoComplete="email" required />}
        </FormField>
        <FormField label="Your name (optional)" error={form.fields.display_name}>
          {(control) => <Input {...control} name="display_name" autoComplete="name" maxLength={200} />}
        </FormField>
        <FormField label="Workspace name" hint="Your team, site or shop; you can rename it later." error={form.fields.workspace}>
          {(control) => <Input {...control} name="workspace" required maxLength={200} autoComplete="organization" />}
        </FormField>
        <FormField label="Password" hint={`At least ${MIN_PASSWORD} characters.`} error={form.fields.password}>
          {(control) => <Input {...control} name="password" type="password" autoComplete="new-password" required minLength={MIN_PASSWORD} maxLength={256} />}
        </FormField>
        <Button type="submit" disabled={form.pending}>
          {form.pending ? "Creating…" : "Create account"}
        </Button>
        <p className="text-sm text-muted-foreground">
          Already have an account?{" "}
          <Link className="font-medium text-primary underline-offset-4 hover:underline" to={params.get("next") ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in"}>
            Sign in
          </Link>
        </p>
      </form>
    </AuthLayout>
  );
}
