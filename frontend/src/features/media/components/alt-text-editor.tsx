import { Loader2, Save, Wand2 } from "lucide-react";
import { useState, type SyntheticEvent } from "react";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { directionOf } from "@/lib/direction";
import { altSourceLabel } from "@/lib/images";
import { ApiProblem, errorMessage, fieldName } from "@/lib/problems";

import { useDescribe, useSaveAltText, type ImagePublic } from "../api/images";
import { altLength, ALT_TEXT_MAX } from "../lib/alt-text";

/** The alt text rules a refused save or description broke: one problem per rule in the answer's `errors`. */
function ruleProblems(error: unknown): string[] {
  if (!(error instanceof ApiProblem)) return [];
  return (error.problem.errors ?? []).filter((entry) => fieldName(entry.field) === "alt_text").map((entry) => entry.message);
}

/**
 * The picked picture's alt text: typed, or written again from the picture, and saved by the
 * server's alt text rules (WCAG guidance: what it shows for its purpose, no "image of", 125
 * characters); each rule a refused text breaks is listed under the field.
 */
export function AltTextEditor({ image }: { image: ImagePublic }) {
  const body = image.image;
  const [text, setText] = useState(body.alt_text ?? "");
  const save = useSaveAltText(image.id);
  const describe = useDescribe(image.id);
  const saved = body.alt_text ?? "";
  const dirty = text.trim() !== saved;
  const problems = save.isError ? ruleProblems(save.error) : ruleProblems(describe.error);
  const source = altSourceLabel(body.alt_source);
  const length = altLength(text);
  const ids = { field: `alt-${image.id}`, hint: `alt-${image.id}-hint`, error: `alt-${image.id}-error` };

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    describe.reset();
    save.mutate(text.trim(), { onSuccess: (next) => setText(next.image.alt_text ?? "") });
  };

  return (
    <form onSubmit={submit} noValidate className="grid gap-3" aria-label="Alt text">
      {body.alt_error && !saved ? (
        <Alert variant="warning">
          <AlertTitle>No alt text was written with the picture</AlertTitle>
          <AlertDescription>{body.alt_error}</AlertDescription>
        </Alert>
      ) : null}
      <div className="grid gap-1.5">
        <Label htmlFor={ids.field} className="sr-only">
          Alt text
        </Label>
        <Textarea
          id={ids.field}
          dir={directionOf(body.language)}
          lang={body.language}
          rows={3}
          value={text}
          aria-invalid={problems.length ? true : undefined}
          aria-describedby={`${ids.hint}${problems.length ? ` ${ids.error}` : ""}`}
          onChange={(event) => {
            setText(event.target.value);
            save.reset();
            describe.reset();
          }}
        />
        <p id={ids.hint} className="text-xs text-muted-foreground">
          What the picture shows, for someone who cannot see it; no &ldquo;image of&rdquo;.{" "}
          <span className={length > ALT_TEXT_MAX ? "font-medium text-destructive" : undefined}>
            {length} of {ALT_TEXT_MAX} characters
          </span>
          {source && !dirty ? ` · ${source}` : ""}
        </p>
        {problems.length ? (
          <div id={ids.error} role="alert" className="text-sm font-medium text-destructive">
            <span className="block">{save.isError ? "Not saved" : "Not written"}: the alt text rules say</span>
            <ul className="list-disc ps-4">
              {problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
      {save.isError && problems.length === 0 ? <p className="text-sm text-destructive">{errorMessage(save.error)}</p> : null}
      {describe.isError && problems.length === 0 ? <p className="text-sm text-destructive">{errorMessage(describe.error)}</p> : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={!dirty || save.isPending}>
          {save.isPending ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Save aria-hidden="true" />}
          Save alt text
        </Button>
        <Button
          type="button"
          variant="outline"
          disabled={describe.isPending}
          onClick={() => {
            save.reset();
            describe.mutate(undefined, {
              onSuccess: (described) => {
                setText(described.image.alt_text ?? "");
              },
            });
          }}
        >
          {describe.isPending ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Wand2 aria-hidden="true" />}
          Write it again
        </Button>
        {save.isSuccess && !dirty ? (
          <p role="status" className="self-center text-sm text-muted-foreground">
            Saved as version {image.version}.
          </p>
        ) : null}
      </div>
    </form>
  );
}
