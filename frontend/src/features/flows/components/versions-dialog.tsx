// Version history of a saved flow, newest first; any version can be opened in the editor (and
// saved again as the newest).
import { History } from "lucide-react";
import { useState } from "react";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { FieldError } from "@/components/ui/field-error";
import { LoadingRows } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format";
import { errorMessage } from "@/lib/problems";

import { fetchFlowVersion, useFlowVersions, type FlowDetail, type FlowSpec } from "../api/flows";

export function VersionsDialog({
  flow,
  dirty,
  loaded,
  onClose,
  onOpen,
}: {
  flow: FlowDetail;
  dirty: boolean;
  loaded: number | null;
  onClose: () => void;
  onOpen: (version: number, spec: FlowSpec) => void;
}) {
  const versions = useFlowVersions(flow.id);
  const [opening, setOpening] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);

  const open = async (version: number) => {
    setOpening(version);
    setError(null);
    try {
      const found = await fetchFlowVersion(flow.id, version);
      onOpen(version, found.spec);
      onClose();
    } catch (failure) {
      setError(failure);
    } finally {
      setOpening(null);
    }
  };

  return (
    <Dialog open onOpenChange={(value) => !value && onClose()}>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>Versions of {flow.name}</DialogTitle>
          <DialogDescription>
            Open one to look at it or to start from it; saving makes a new version.
            {dirty ? " Opening a version discards your unsaved changes." : ""}
          </DialogDescription>
        </DialogHeader>
        {versions.isPending ? (
          <LoadingRows rows={3} label="Loading versions" />
        ) : versions.isError ? (
          <ErrorState error={versions.error} onRetry={() => void versions.refetch()} />
        ) : versions.data.length === 0 ? (
          <EmptyState icon={History} title="No versions" />
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Version</TableHead>
                <TableHead>Saved</TableHead>
                <TableHead>Note</TableHead>
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {versions.data.map((version) => (
                <TableRow key={version.version}>
                  <TableCell>
                    v{version.version}
                    {version.version === flow.latest_version ? (
                      <Badge variant="secondary" className="ms-2">
                        latest
                      </Badge>
                    ) : null}
                  </TableCell>
                  <TableCell>{formatDateTime(version.created_at)}</TableCell>
                  <TableCell className="max-w-60 truncate">{version.note ?? "—"}</TableCell>
                  <TableCell className="text-end">
                    <Button
                      size="sm"
                      variant={version.version === loaded ? "secondary" : "outline"}
                      disabled={opening !== null}
                      onClick={() => void open(version.version)}
                      aria-label={`Open version ${version.version}`}
                    >
                      {opening === version.version ? "Opening…" : version.version === loaded ? "Open again" : "Open"}
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {error ? <FieldError>{errorMessage(error)}</FieldError> : null}
      </DialogContent>
    </Dialog>
  );
}
