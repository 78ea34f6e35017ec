import { useQueryClient } from "@tanstack/react-query";
import { useState, type SyntheticEvent } from "react";

import { ApiProblem, errorMessage, fieldErrors, unplacedErrors } from "@/lib/problems";

export interface AuthFormState {
  pending: boolean;
  /** Messages for the fields the form shows, from the problem document's `errors`. */
  fields: Record<string, string>;
  /** What applies to the whole form (wrong password, closed registration, rate limit...). */
  formError: string | null;
  submit: (event: SyntheticEvent<HTMLFormElement>) => void;
}

/**
 * One submission at a time (a double click sends one request), then either a cleared cache
 * (someone else's data must not show) or the problem split into field and form messages.
 */
export function useAuthForm(shownFields: readonly string[], send: (form: FormData) => Promise<void>): AuthFormState {
  const queryClient = useQueryClient();
  const [pending, setPending] = useState(false);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const submit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const form = new FormData(event.currentTarget);
    setPending(true);
    setFields({});
    setFormError(null);
    send(form)
      .then(() => {
        queryClient.clear();
      })
      .catch((error: unknown) => {
        if (error instanceof ApiProblem) {
          const named = fieldErrors(error.problem);
          const placed = Object.fromEntries(Object.entries(named).filter(([name]) => shownFields.includes(name)));
          setFields(placed);
          const rest = unplacedErrors(error.problem, shownFields);
          if (Object.keys(placed).length === 0 || rest.length) {
            setFormError(rest.length && error.problem.errors?.length ? rest.join(" ") : errorMessage(error));
          }
        } else {
          setFormError(errorMessage(error));
        }
      })
      .finally(() => {
        setPending(false);
      });
  };

  return { pending, fields, formError, submit };
}

export function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}
