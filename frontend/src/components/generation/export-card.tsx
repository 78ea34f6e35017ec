import { useMutation } from "@tanstack/react-query";
import { Download, Loader2 } from "lucide-react";
import { useState } from "react";

import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { toast } from "@/components/ui/toast";
import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";
import { downloadWithAuth, exportUrl } from "@/lib/download";
import { errorMessage } from "@/lib/problems";

/** A format the documents export endpoint renders (json, html, gutenberg, md). */
export type ExportFormat = components["schemas"]["DocumentExportRequest"]["format"];

/** A download offered: the format and what its button says. */
export interface ExportChoice {
  format: ExportFormat;
  label: string;
}

/** Render the current version in a format, store it as the document's file, download it; the file's name. */
export function useExportDocument(documentId: string) {
  return useMutation({
    mutationFn: async (format: ExportFormat) => {
      const exported = await unwrap(
        api.POST("/documents/{document_id}/exports", {
          params: { path: { document_id: documentId } },
          body: { format },
        }),
      );
      return downloadWithAuth(exportUrl(exported.download_url), exported.file.filename);
    },
  });
}

/** Download the saved version of a document in each of `formats` (one button each). */
export function ExportCard({
  document,
  formats,
  dirty,
}: {
  document: { id: string; current_version: number };
  formats: readonly ExportChoice[];
  dirty: boolean;
}) {
  const exporter = useExportDocument(document.id);
  const [format, setFormat] = useState<ExportFormat | null>(null);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Download</CardTitle>
        <CardDescription>
          The saved version {document.current_version}
          {dirty ? " (your unsaved edits are not in it)" : ""}.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-2">
        <div className="flex flex-wrap gap-2">
          {formats.map((entry) => (
            <Button
              key={entry.format}
              variant="outline"
              size="sm"
              disabled={exporter.isPending}
              aria-busy={exporter.isPending && format === entry.format}
              onClick={() => {
                setFormat(entry.format);
                exporter.mutate(entry.format, { onSuccess: (name) => toast({ title: `Downloaded ${name}`, variant: "success" }) });
              }}
            >
              {exporter.isPending && format === entry.format ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Download aria-hidden="true" />}
              {entry.label}
            </Button>
          ))}
        </div>
        {exporter.isError ? (
          <p role="alert" className="text-sm text-destructive">
            {errorMessage(exporter.error)}
          </p>
        ) : null}
      </CardContent>
    </Card>
  );
}
