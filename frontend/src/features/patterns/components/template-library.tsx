import { ChevronLeft, ChevronRight, Copy, Eye, FileJson, LayoutTemplate, Loader2, Trash2 } from "lucide-react";
import { useState } from "react";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { FormField } from "@/components/ui/form-field";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton, LoadingRows } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toast";
import { formatDate } from "@/lib/format";
import { errorMessage } from "@/lib/problems";

import { PAGE_SIZE, useDeleteTemplate, useTemplateCategories, useTemplates, type TemplatePublic } from "../api/patterns";
import { blockSummary, LANGUAGES, type Block, type Language } from "../lib/pattern";
import { PatternPreview, PatternThumbnail } from "./pattern-preview";

// The filter's "every category": the server refuses control characters in a category name.
const ALL = "\u001f";

function BlockTree({ blocks }: { blocks: Block[] }) {
  return (
    <ul className="grid gap-0.5 border-s ps-3 text-xs">
      {blocks.map((block, index) => (
        <li key={`${String(index)}-${block.type}`}>
          <span className="break-words">{blockSummary(block)}</span>
          {block.inner?.length ? <BlockTree blocks={block.inner} /> : null}
        </li>
      ))}
    </ul>
  );
}

function copy(text: string, what: string, description: string) {
  navigator.clipboard.writeText(text).then(
    () => toast({ title: `${what} copied`, description, variant: "success" }),
    (error: unknown) => toast({ title: "Could not copy", description: errorMessage(error), variant: "destructive" }),
  );
}

function DeleteTemplate({ template }: { template: TemplatePublic }) {
  const remove = useDeleteTemplate();
  const [open, setOpen] = useState(false);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) remove.reset();
      }}
    >
      <DialogTrigger asChild>
        <Button variant="ghost" size="sm">
          <Trash2 aria-hidden="true" />
          Delete<span className="sr-only"> {template.name}</span>
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Delete “{template.name}”?</DialogTitle>
          <DialogDescription>The template leaves the library for everyone in the workspace. Patterns already on your sites stay.</DialogDescription>
        </DialogHeader>
        {remove.isError ? (
          <p role="alert" className="text-sm text-destructive">
            {errorMessage(remove.error)}
          </p>
        ) : null}
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline">Keep it</Button>
          </DialogClose>
          <Button
            variant="destructive"
            disabled={remove.isPending}
            onClick={() =>
              remove.mutate(template.id, {
                onSuccess: () => {
                  setOpen(false);
                  toast({ title: `Deleted “${template.name}”` });
                },
              })
            }
          >
            {remove.isPending ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Trash2 aria-hidden="true" />}
            Delete
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

function PreviewTemplate({ template, title, language }: { template: TemplatePublic; title: string; language: Language }) {
  return (
    <Dialog>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm">
          <Eye aria-hidden="true" />
          Preview<span className="sr-only"> {template.name}</span>
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-5xl">
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>
            “{template.name}” in {template.category}, as a block theme shows it.
          </DialogDescription>
        </DialogHeader>
        <PatternPreview source={{ templateId: template.id }} language={language} title={title} frameTitle={`Preview of ${template.name}`} className="h-[70vh]" />
      </DialogContent>
    </Dialog>
  );
}

function TemplateCard({ template, language }: { template: TemplatePublic; language: Language }) {
  const spec = template.spec as { title?: string; blocks?: Block[] };
  const title = spec.title ?? template.name;
  const markup = template.markup;
  return (
    <Card className="h-full">
      <CardHeader>
        <CardTitle>{template.name}</CardTitle>
        <CardDescription className="flex flex-wrap items-center gap-2">
          <Badge variant="outline">{template.category}</Badge>
          <span>Saved {formatDate(template.created_at)}</span>
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        <PatternThumbnail source={{ templateId: template.id }} language={language} title={title} />
        <details className="text-sm">
          <summary className="cursor-pointer font-medium">
            {title}: {spec.blocks?.length ?? 0} blocks
          </summary>
          <div className="mt-2">{spec.blocks?.length ? <BlockTree blocks={spec.blocks} /> : <p className="text-muted-foreground">No blocks.</p>}</div>
        </details>
      </CardContent>
      <CardFooter className="mt-auto flex-wrap gap-2">
        <PreviewTemplate template={template} title={title} language={language} />
        <Button
          variant="outline"
          size="sm"
          disabled={markup == null}
          title={markup == null ? "The spec no longer passes the pattern checks: save it again to fix it." : undefined}
          onClick={() => {
            if (markup != null) copy(markup, "Block markup", "Paste it into the WordPress code editor.");
          }}
        >
          <Copy aria-hidden="true" />
          Copy markup<span className="sr-only"> of {template.name}</span>
        </Button>
        <Button variant="ghost" size="sm" onClick={() => copy(JSON.stringify(template.spec, null, 2), "Pattern spec", "As JSON: `presswright templates` and the API take it.")}>
          <FileJson aria-hidden="true" />
          Copy spec<span className="sr-only"> of {template.name}</span>
        </Button>
        <DeleteTemplate template={template} />
      </CardFooter>
    </Card>
  );
}

/** The workspace's pattern templates, filtered by category, each with a rendered preview. */
export function TemplateLibrary() {
  const [chosen, setChosen] = useState<string | null>(null);
  const [offset, setOffset] = useState(0);
  const [language, setLanguage] = useState<Language>("en");
  const categories = useTemplateCategories();
  // A category that has lost its last template (deleted here or elsewhere) is no filter any more.
  const category = chosen !== null && categories.data && !categories.data.items.some((item) => item.name === chosen) ? null : chosen;
  const templates = useTemplates(category, offset);

  const choose = (next: string) => {
    setChosen(next === ALL ? null : next);
    setOffset(0);
  };

  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-start gap-4">
        <FormField label="Category" className="w-full sm:w-72">
          {(control) =>
            categories.isPending ? (
              <Skeleton className="h-9 w-full" />
            ) : categories.isError ? (
              <p className="text-sm text-destructive" role="alert">
                Categories could not be loaded: {errorMessage(categories.error)}
              </p>
            ) : (
              <Select value={category ?? ALL} onValueChange={choose}>
                <SelectTrigger {...control}>
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  <SelectItem value={ALL}>All categories ({categories.data.total})</SelectItem>
                  {categories.data.items.map((item) => (
                    <SelectItem key={item.name} value={item.name}>
                      {item.name} ({item.count})
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            )
          }
        </FormField>
        <FormField label="Preview language" hint="Arabic and Persian read right to left." className="w-full sm:w-56">
          {(control) => (
            <Select value={language} onValueChange={(value) => setLanguage(value as Language)}>
              <SelectTrigger {...control}>
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {LANGUAGES.map((option) => (
                  <SelectItem key={option.code} value={option.code}>
                    {option.name}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          )}
        </FormField>
      </div>
      {templates.isPending ? (
        <LoadingRows rows={4} label="Loading templates" />
      ) : templates.isError ? (
        <ErrorState error={templates.error} title="The template library could not be loaded" onRetry={() => void templates.refetch()} />
      ) : templates.data.items.length === 0 && offset > 0 ? (
        <EmptyState
          icon={LayoutTemplate}
          title="This page is empty now"
          action={
            <Button size="sm" variant="outline" onClick={() => setOffset(0)}>
              Back to the first page
            </Button>
          }
        />
      ) : templates.data.items.length === 0 ? (
        <EmptyState icon={LayoutTemplate} title={category ? `No template in ${category}` : "The template library is empty"}>
          Design a pattern and save it to the library to reuse it.
        </EmptyState>
      ) : (
        <>
          <ul className="grid gap-4 md:grid-cols-2 xl:grid-cols-3" aria-label="Templates" aria-busy={templates.isFetching}>
            {templates.data.items.map((template) => (
              <li key={template.id}>
                <TemplateCard template={template} language={language} />
              </li>
            ))}
          </ul>
          {templates.data.total > PAGE_SIZE ? (
            <nav aria-label="Template pages" className="flex items-center justify-between text-sm">
              <span className="text-muted-foreground">
                {offset + 1}–{offset + templates.data.items.length} of {templates.data.total}
              </span>
              <span className="flex gap-2">
                <Button size="sm" variant="outline" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
                  <ChevronLeft aria-hidden="true" />
                  Previous
                </Button>
                <Button size="sm" variant="outline" disabled={templates.data.next_offset == null} onClick={() => setOffset(templates.data.next_offset ?? offset)}>
                  Next
                  <ChevronRight aria-hidden="true" />
                </Button>
              </span>
            </nav>
          ) : null}
        </>
      )}
    </div>
  );
}
