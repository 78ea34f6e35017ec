import { Copy, Loader2, Pencil } from "lucide-react";
import { useState, type SyntheticEvent } from "react";
import { useSearchParams } from "react-router";

import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { errorMessage, fieldErrors, ApiProblem } from "@/lib/problems";

import { useEditPicture, useImageModels, useMoreLikeThis, type ImageModel, type ImagePublic } from "../api/images";

function fieldsOf(error: unknown): Record<string, string> {
  return error instanceof ApiProblem ? fieldErrors(error.problem) : {};
}

/** The first usable model that can edit (with a mask when one is given) or vary, by its capabilities. */
function ableModel(models: ImageModel[] | undefined, operation: "edit" | "variation", mask: boolean): string | undefined {
  return models?.find((model) => {
    const caps = model.capabilities;
    if (!model.available) return false;
    if (operation === "variation") return caps.variations;
    if (!caps.edits) return false;
    return mask ? caps.edit_mask !== "none" : caps.edit_mask !== "required";
  })?.id;
}

/**
 * Make new pictures from the picked one: an edit (a prompt, and optionally a mask: a PNG of the
 * picture's size, transparent where it should change) or more like it. Each starts a run that the
 * screen then follows, as a generation does; a model that cannot is named by the server with those that can.
 */
export function RemakeCard({ image }: { image: ImagePublic }) {
  const [, setParams] = useSearchParams();
  const models = useImageModels();
  const edit = useEditPicture(image.id);
  const vary = useMoreLikeThis(image.id);
  const [prompt, setPrompt] = useState("");
  const [mask, setMask] = useState<File | null>(null);
  const editModel = ableModel(models.data, "edit", mask !== null);
  const varyModel = ableModel(models.data, "variation", false);
  const editErrors = fieldsOf(edit.error);
  const follow = (started: { execution_id: string }) => setParams({ run: started.execution_id });

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    vary.reset();
    edit.mutate({ prompt: prompt.trim(), mask, model: editModel ?? "", count: 1 }, { onSuccess: follow });
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>Make more from it</CardTitle>
        <CardDescription>New pictures in the library that remember this one; this picture stays as it is.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <form className="grid gap-3" aria-label="Edit the picture" onSubmit={submit} noValidate>
          <FormField label="What to change" error={editErrors.prompt}>
            {(control) => <Textarea {...control} rows={2} value={prompt} onChange={(event) => setPrompt(event.target.value)} maxLength={4000} />}
          </FormField>
          <FormField
            label="Mask (optional)"
            error={editErrors.mask}
            hint="A PNG of the picture's size, transparent where it should change. Without one, the prompt says where."
          >
            {(control) => (
              <Input
                {...control}
                type="file"
                accept="image/png"
                onChange={(event) => {
                  setMask(event.target.files?.[0] ?? null);
                  edit.reset();
                }}
              />
            )}
          </FormField>
          <Button type="submit" className="justify-self-start" disabled={edit.isPending || !prompt.trim() || !editModel}>
            {edit.isPending ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Pencil aria-hidden="true" />}
            Edit
          </Button>
          {!editModel && models.data ? (
            <p className="text-sm text-muted-foreground">No configured image model edits pictures{mask ? " with a mask" : ""}.</p>
          ) : null}
          {edit.isError && !editErrors.prompt && !editErrors.mask ? <p className="text-sm text-destructive">{errorMessage(edit.error)}</p> : null}
        </form>
        <div className="grid gap-1">
          <Button
            variant="outline"
            className="justify-self-start"
            disabled={vary.isPending || !varyModel}
            onClick={() => {
              edit.reset();
              vary.mutate({ model: varyModel, count: 2 }, { onSuccess: follow });
            }}
          >
            {vary.isPending ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Copy aria-hidden="true" />}
            More like this
          </Button>
          {!varyModel && models.data ? <p className="text-sm text-muted-foreground">No configured image model makes variations.</p> : null}
          {vary.isError ? <p className="text-sm text-destructive">{errorMessage(vary.error)}</p> : null}
        </div>
      </CardContent>
    </Card>
  );
}
