import { ChevronLeft, ChevronRight, Copy, LayoutTemplate, Loader2, Trash2 } from "lucide-react";
import { useState } from "react";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton, LoadingRows } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toast";
import { formatDate } from "@/lib/format";
import { errorMessage } from "@/lib/problems";

import { PAGE_SIZE, useDeleteTemplate, useTemplateCategories, useTemplates, type TemplatePublic } from "../api/patterns";
import { blockSummary, type Block } from "../lib/pattern";

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

function DeleteTemplate({ template }: { template: TemplatePublic }) {
  const remove = useDeleteTemplate();
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
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
        {remove.isError ? <p role="alert" className="text-sm text-destructive">{errorMessage(remove.error)}</p> : null}
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

function TemplateCard({ template }: { template: TemplatePublic }) {
  const spec = template.spec as { title?: string; blocks?: Block[] };
  const copySpec = () => {
    navigator.clipboard.writeText(JSON.stringify(template.spec, null, 2)).then(
      () => toast({ title: "Pattern spec copied", description: "As JSON: `presswright templates` and the API take it.", variant: "success" }),
      (error: unknown) => toast({ title: "Could not copy", description: errorMessage(error), variant: "destructive" }),
    );
  };
  return (
    <Card>
      <CardHeader>
        <CardTitle>{template.name}</CardTitle>
        <CardDescription className="flex flex-wrap items-center gap-2">
          <Badge variant="outline">{template.category}</Badge>
          <span>Saved {formatDate(template.created_at)}</span>
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-2">
        {spec.title ? <p className="text-sm font-medium">{spec.title}</p> : null}
        {spec.blocks?.length ? <BlockTree blocks={spec.blocks} /> : <p className="text-sm text-muted-foreground">No blocks.</p>}
      </CardContent>
      <CardFooter className="flex-wrap">
        <Button variant="outline" size="sm" onClick={copySpec}>
          <Copy aria-hidden="true" />
          Copy spec<span className="sr-only"> of {template.name}</span>
        </Button>
        <DeleteTemplate template={template} />
      </CardFooter>
    </Card>
  );
}

/** The workspace's pattern templates by category. */
export function TemplateLibrary() {
  const [category, setCategory] = useState<string | null>(null);
  const [offset, setOffset] = useState(0);
  const categories = useTemplateCategories();
  const templates = useTemplates(category, offset);

  const choose = (next: string | null) => {
    setCategory(next);
    setOffset(0);
  };

  return (
    <div className="grid gap-4">
      <div role="group" aria-label="Categories" className="flex flex-wrap gap-2">
        {categories.isPending ? (
          <Skeleton className="h-8 w-64" />
        ) : categories.isError ? (
          <p className="text-sm text-destructive">Categories could not be loaded: {errorMessage(categories.error)}</p>
        ) : (
          <>
            <Button size="sm" variant={category === null ? "default" : "outline"} aria-pressed={category === null} onClick={() => choose(null)}>
              All ({categories.data.total})
            </Button>
            {categories.data.categories.map(([name, count]) => (
              <Button key={name} size="sm" variant={category === name ? "default" : "outline"} aria-pressed={category === name} onClick={() => choose(name)}>
                {name} ({count})
              </Button>
            ))}
          </>
        )}
      </div>
      {templates.isPending ? (
        <LoadingRows rows={4} label="Loading templates" />
      ) : templates.isError ? (
        <ErrorState error={templates.error} title="The template library could not be loaded" onRetry={() => void templates.refetch()} />
      ) : templates.data.items.length === 0 ? (
        <EmptyState icon={LayoutTemplate} title={category ? `No template in ${category}` : "The template library is empty"}>
          Design a pattern and save it to the library to reuse it.
        </EmptyState>
      ) : (
        <>
          <ul className="grid gap-4 md:grid-cols-2 xl:grid-cols-3" aria-busy={templates.isFetching}>
            {templates.data.items.map((template) => (
              <li key={template.id}>
                <TemplateCard template={template} />
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
