import { CheckCircle2, Cpu, XCircle } from "lucide-react";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { LoadingRows } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatNumber } from "@/lib/format";

import { useModels } from "../api/settings";
import { SectionHeader } from "./shared";

export function ModelsTab() {
  const models = useModels();
  return (
    <div className="grid gap-4">
      <SectionHeader
        title="Models"
        description="Every model this workspace can name: its stored providers, the server's environment and the packaged local model. Those that cannot run say why and how to fix it."
        action={
          <Button variant="outline" disabled={models.isFetching} onClick={() => void models.refetch()}>
            {models.isFetching ? "Checking…" : "Check again"}
          </Button>
        }
      />
      {models.isPending ? (
        <LoadingRows rows={5} label="Loading models" />
      ) : models.isError ? (
        <ErrorState error={models.error} title="Could not load the models" onRetry={() => void models.refetch()} />
      ) : models.data.length === 0 ? (
        <EmptyState icon={Cpu} title="No model">
          Add a provider, or set one up in the server's environment.
        </EmptyState>
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Model</TableHead>
              <TableHead>State</TableHead>
              <TableHead>Why not, and how to fix it</TableHead>
              <TableHead className="text-end">Context</TableHead>
              <TableHead>Structured output</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {[...models.data]
              .sort((a, b) => Number(b.available) - Number(a.available) || a.id.localeCompare(b.id))
              .map((model) => (
                <TableRow key={model.id}>
                  <TableCell className="font-medium">
                    {model.name === "*" ? (
                      <>
                        {model.provider} <span className="text-muted-foreground">(any model)</span>
                      </>
                    ) : (
                      model.id
                    )}
                  </TableCell>
                  <TableCell>
                    {model.available ? (
                      <Badge variant="success">
                        <CheckCircle2 aria-hidden="true" className="size-3" />
                        Usable
                      </Badge>
                    ) : (
                      <Badge variant="destructive">
                        <XCircle aria-hidden="true" className="size-3" />
                        Unavailable
                      </Badge>
                    )}
                  </TableCell>
                  <TableCell className="max-w-lg whitespace-normal break-words text-sm">
                    {model.reason ?? <span className="text-muted-foreground">–</span>}
                  </TableCell>
                  <TableCell className="text-end tabular-nums">{formatNumber(model.profile.context_window)}</TableCell>
                  <TableCell>{model.profile.structured}</TableCell>
                </TableRow>
              ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
