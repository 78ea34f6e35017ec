import { Loader2, Paperclip } from "lucide-react";
import { useState } from "react";
import { Link } from "react-router";

import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { LoadingRows } from "@/components/ui/skeleton";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { ApiProblem, errorMessage, fieldName } from "@/lib/problems";

import { useArticles, useAttach, type ImagePublic } from "../api/images";

type Placement = "featured" | "body";

/** Attach the picked picture to an article of the library (its featured image or after a section). */
export function AttachCard({ image }: { image: ImagePublic }) {
  const articles = useArticles();
  const attach = useAttach(image.id);
  const [chosen, setChosen] = useState("");
  const [placement, setPlacement] = useState<Placement>("featured");
  const [after, setAfter] = useState("");
  const documentId = chosen || articles.data?.items[0]?.id || "";
  const article = articles.data?.items.find((item) => item.id === documentId);
  const problems = attach.error instanceof ApiProblem ? (attach.error.problem.errors ?? []) : [];
  const afterProblem = problems.find((entry) => fieldName(entry.field) === "after_section")?.message;

  return (
    <Card>
      <CardHeader>
        <CardTitle>Attach to an article</CardTitle>
        <CardDescription>A new version of the article; publishing it sends the picture with its alt text.</CardDescription>
      </CardHeader>
      <CardContent>
        {articles.isPending ? (
          <LoadingRows rows={1} label="Loading articles" />
        ) : articles.isError ? (
          <p className="text-sm text-destructive">{errorMessage(articles.error)}</p>
        ) : articles.data.items.length === 0 ? (
          <p className="text-sm text-muted-foreground">
            No finished article yet: <Link className="text-primary underline" to="/studio">write one</Link> to attach pictures to it.
          </p>
        ) : (
          <form
            className="grid gap-3"
            aria-label="Attach to an article"
            onSubmit={(event) => {
              event.preventDefault();
              if (!article) return;
              const section = after.trim() === "" ? null : Number(after);
              attach.mutate({
                document_id: article.id,
                version: article.current_version,
                placement,
                after_section: placement === "body" ? section : null,
              });
            }}
          >
            <FormField label="Article">
              {(control) => (
                <Select
                  value={documentId}
                  onValueChange={(value) => {
                    setChosen(value);
                    attach.reset();
                  }}
                >
                  <SelectTrigger {...control}>
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    {articles.data.items.map((item) => (
                      <SelectItem key={item.id} value={item.id}>
                        {item.title} (version {item.current_version})
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              )}
            </FormField>
            <FormField label="Where">
              {(control) => (
                <Select
                  value={placement}
                  onValueChange={(value) => {
                    setPlacement(value === "body" ? "body" : "featured");
                    attach.reset();
                  }}
                >
                  <SelectTrigger {...control}>
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    <SelectItem value="featured">Featured image</SelectItem>
                    <SelectItem value="body">In the body</SelectItem>
                  </SelectContent>
                </Select>
              )}
            </FormField>
            {placement === "body" ? (
              <FormField label="After section" hint="0 after the introduction; empty for the end." error={afterProblem}>
                {(control) => (
                  <Input
                    {...control}
                    type="number"
                    min={0}
                    inputMode="numeric"
                    value={after}
                    onChange={(event) => {
                      setAfter(event.target.value);
                      attach.reset();
                    }}
                  />
                )}
              </FormField>
            ) : null}
            <Button type="submit" className="justify-self-start" disabled={attach.isPending || !article}>
              {attach.isPending ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Paperclip aria-hidden="true" />}
              Attach
            </Button>
            {attach.isError && !afterProblem ? <p className="text-sm text-destructive">{errorMessage(attach.error)}</p> : null}
            {attach.data ? (
              <p role="status" className="text-sm">
                Attached to {article?.title ?? "the article"} as version {attach.data.version}
                {attach.data.placement === "featured" ? ", its featured image." : " in its body."}
              </p>
            ) : null}
          </form>
        )}
      </CardContent>
    </Card>
  );
}
