// /flows: the workspace's saved flows (search, pages, open, delete) and the shipped templates
// (view, copy into the workspace).
import { Copy, Eye, Plus, Search, Trash2, Workflow } from "lucide-react";
import { useState, type SyntheticEvent } from "react";
import { Link, useNavigate } from "react-router";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { FieldError } from "@/components/ui/field-error";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { LoadingRows, Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toast";
import { formatRelative } from "@/lib/format";
import { ApiProblem, errorMessage, unplacedErrors } from "@/lib/problems";
import { useSession } from "@/lib/session";

import { PAGE_SIZE, useCopyTemplate, useDeleteFlow, useFlows, useTemplates, type FlowPublic, type MasterTemplateSummary } from "../api/flows";

export function canEdit(role: string | null): boolean {
  return role === "owner" || role === "admin" || role === "editor";
}

export function FlowsList() {
  const { role } = useSession();
  return (
    <div className="grid gap-8">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Flows</h1>
          <p className="text-sm text-muted-foreground">Saved flows of this workspace, and the templates Presswright ships.</p>
        </div>
        {canEdit(role) ? (
          <Button asChild>
            <Link to="/flows/new">
              <Plus aria-hidden="true" />
              New flow
            </Link>
          </Button>
        ) : null}
      </div>
      <SavedFlows />
      <Templates />
    </div>
  );
}

function SavedFlows() {
  const { role } = useSession();
  const [search, setSearch] = useState("");
  const [query, setQuery] = useState("");
  const [offset, setOffset] = useState(0);
  const flows = useFlows(query, offset);
  const [deleting, setDeleting] = useState<FlowPublic | null>(null);

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setOffset(0);
    setQuery(search.trim());
  };

  return (
    <section aria-labelledby="saved-flows" className="grid gap-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id="saved-flows" className="text-lg font-semibold">
          Saved flows
        </h2>
        <form role="search" onSubmit={submit} className="flex items-end gap-2">
          <FormField label="Search by name" className="w-64">
            {(control) => <Input type="search" value={search} onChange={(event) => setSearch(event.target.value)} {...control} />}
          </FormField>
          <Button type="submit" variant="outline" aria-label="Search flows">
            <Search aria-hidden="true" />
          </Button>
        </form>
      </div>
      {flows.isPending ? (
        <LoadingRows rows={4} label="Loading saved flows" />
      ) : flows.isError ? (
        <ErrorState error={flows.error} title="Could not load the flows" onRetry={() => void flows.refetch()} />
      ) : flows.data.items.length === 0 ? (
        <EmptyState icon={Workflow} title={query ? `No flow name contains “${query}”` : "No saved flows yet"}>
          {query ? "Try another part of the name." : "Start a new flow, or copy one of the templates below and change it."}
        </EmptyState>
      ) : (
        <>
          <Table aria-busy={flows.isFetching}>
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Description</TableHead>
                <TableHead>Version</TableHead>
                <TableHead>Updated</TableHead>
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {flows.data.items.map((flow) => (
                <TableRow key={flow.id}>
                  <TableCell className="font-medium">
                    <Link to={`/flows/${flow.id}`} className="underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-ring">
                      {flow.name}
                    </Link>
                  </TableCell>
                  <TableCell className="max-w-md truncate text-muted-foreground">{flow.description ?? "—"}</TableCell>
                  <TableCell>
                    <Badge variant="secondary">v{flow.latest_version}</Badge>
                  </TableCell>
                  <TableCell title={flow.updated_at}>{formatRelative(flow.updated_at)}</TableCell>
                  <TableCell className="text-end">
                    {role === "owner" || role === "admin" ? (
                      <Button variant="ghost" size="sm" onClick={() => setDeleting(flow)} aria-label={`Delete ${flow.name}`}>
                        <Trash2 aria-hidden="true" />
                      </Button>
                    ) : null}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <nav aria-label="Pages of flows" className="flex items-center justify-between text-sm text-muted-foreground">
            <span>
              {offset + 1}–{offset + flows.data.items.length} of {flows.data.total}
            </span>
            <span className="flex gap-2">
              <Button variant="outline" size="sm" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
                Previous
              </Button>
              <Button
                variant="outline"
                size="sm"
                disabled={flows.data.next_offset == null}
                onClick={() => setOffset(flows.data.next_offset ?? offset)}
              >
                Next
              </Button>
            </span>
          </nav>
        </>
      )}
      <DeleteFlowDialog flow={deleting} onClose={() => setDeleting(null)} />
    </section>
  );
}

function DeleteFlowDialog({ flow, onClose }: { flow: FlowPublic | null; onClose: () => void }) {
  const remove = useDeleteFlow();
  return (
    <Dialog open={flow !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Delete {flow?.name}?</DialogTitle>
          <DialogDescription>
            The flow and all its versions are deleted. Executions that ran it keep their own copy of the spec.
          </DialogDescription>
        </DialogHeader>
        {remove.isError ? <FieldError>{errorMessage(remove.error)}</FieldError> : null}
        <DialogFooter>
          <Button variant="outline" onClick={onClose}>
            Keep it
          </Button>
          <Button
            variant="destructive"
            disabled={remove.isPending}
            onClick={() => {
              if (!flow) return;
              remove.mutate(flow.id, {
                onSuccess: () => {
                  toast({ title: `Deleted ${flow.name}`, variant: "success" });
                  onClose();
                },
              });
            }}
          >
            {remove.isPending ? "Deleting…" : "Delete"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

function Templates() {
  const templates = useTemplates();
  const { role } = useSession();
  const [copying, setCopying] = useState<MasterTemplateSummary | null>(null);
  return (
    <section aria-labelledby="flow-templates" className="grid gap-3">
      <h2 id="flow-templates" className="text-lg font-semibold">
        Templates
      </h2>
      {templates.isPending ? (
        <div role="status" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          <span className="sr-only">Loading templates…</span>
          {[0, 1, 2].map((key) => (
            <Skeleton key={key} className="h-36" />
          ))}
        </div>
      ) : templates.isError ? (
        <ErrorState error={templates.error} title="Could not load the templates" onRetry={() => void templates.refetch()} />
      ) : templates.data.length === 0 ? (
        <EmptyState icon={Workflow} title="No templates installed" />
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {templates.data.map((template) => {
            const inputs = Object.keys((template.inputs.properties as Record<string, unknown> | undefined) ?? {});
            return (
              <li key={template.name}>
                <Card className="flex h-full flex-col">
                  <CardHeader>
                    <CardTitle className="font-mono">{template.name}</CardTitle>
                    <CardDescription>{template.description}</CardDescription>
                  </CardHeader>
                  <CardContent className="flex-1 text-xs text-muted-foreground">
                    {inputs.length ? `Inputs: ${inputs.join(", ")}` : "No inputs"}
                  </CardContent>
                  <CardFooter>
                    <Button variant="outline" size="sm" asChild>
                      <Link to={`/flows/templates/${template.name}`} aria-label={`View template ${template.name}`}>
                        <Eye aria-hidden="true" />
                        View
                      </Link>
                    </Button>
                    {canEdit(role) ? (
                      <Button size="sm" onClick={() => setCopying(template)} aria-label={`Copy template ${template.name} to this workspace`}>
                        <Copy aria-hidden="true" />
                        Copy
                      </Button>
                    ) : null}
                  </CardFooter>
                </Card>
              </li>
            );
          })}
        </ul>
      )}
      <CopyTemplateDialog key={copying?.name ?? ""} template={copying?.name ?? null} description={copying?.description ?? ""} onClose={() => setCopying(null)} />
    </section>
  );
}

/** Copy a template into the workspace under a name, then open it in the editor. */
export function CopyTemplateDialog({ template, description, onClose }: { template: string | null; description: string; onClose: () => void }) {
  const copy = useCopyTemplate();
  const navigate = useNavigate();
  // The parent keys this dialog by template, so each opening starts afresh.
  const [name, setName] = useState(template ? `my-${template}` : "");
  const [text, setText] = useState(description);
  const problem = copy.error instanceof ApiProblem ? copy.error : null;
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (!template) return;
    copy.mutate(
      { template, name: name.trim(), description: text.trim() || null },
      {
        onSuccess: (flow) => {
          toast({ title: `Copied ${template} as ${flow.name}`, variant: "success" });
          onClose();
          void navigate(`/flows/${flow.id}`);
        },
      },
    );
  };
  return (
    <Dialog open={template !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <form onSubmit={submit} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>Copy {template} to this workspace</DialogTitle>
            <DialogDescription>The copy is a saved flow you can change; the template stays as it is.</DialogDescription>
          </DialogHeader>
          <FormField label="Name" error={problem?.field("name")}>
            {(control) => <Input value={name} required maxLength={100} onChange={(event) => setName(event.target.value)} {...control} />}
          </FormField>
          <FormField label="Description" error={problem?.field("description")}>
            {(control) => <Textarea value={text} rows={2} onChange={(event) => setText(event.target.value)} {...control} />}
          </FormField>
          {copy.isError ? (
            <FieldError>
              {problem ? [problem.message, ...unplacedErrors(problem.problem, ["name", "description"])].join(" ") : errorMessage(copy.error)}
            </FieldError>
          ) : null}
          <DialogFooter>
            <Button variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={copy.isPending || !name.trim()}>
              {copy.isPending ? "Copying…" : "Copy and open"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
