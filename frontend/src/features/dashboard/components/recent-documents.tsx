import { FileText } from "lucide-react";
import { Link } from "react-router";

import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { LoadingRows } from "@/components/ui/skeleton";
import { formatNumber, formatRelative, textDirection } from "@/lib/format";

import { useRecentDocuments } from "../api/recent";

import { StatusBadge } from "./status-badge";

export function RecentDocuments() {
  const documents = useRecentDocuments();
  return (
    <Card aria-labelledby="recent-documents">
      <CardHeader className="flex-row items-center justify-between">
        <CardTitle id="recent-documents">Recent documents</CardTitle>
        <Button variant="link" size="sm" asChild>
          <Link to="/library">Library</Link>
        </Button>
      </CardHeader>
      <CardContent>
        {documents.isPending ? (
          <LoadingRows rows={4} label="Loading recent documents" />
        ) : documents.isError ? (
          <ErrorState error={documents.error} title="Could not load recent documents" onRetry={() => void documents.refetch()} />
        ) : documents.data.items.length === 0 ? (
          <EmptyState icon={FileText} title="No documents yet">
            Articles, product copy and patterns you generate are kept in the library.
          </EmptyState>
        ) : (
          <ul className="divide-y">
            {documents.data.items.map((document) => (
              <li key={document.id}>
                <Link
                  to={`/library/${document.id}`}
                  className="flex items-center gap-3 rounded-md px-2 py-2.5 hover:bg-accent focus-visible:outline-2 focus-visible:outline-ring"
                >
                  <span className="grid min-w-0 flex-1 gap-0.5">
                    <span className="truncate font-medium" dir={textDirection(document.language)} lang={document.language ?? undefined}>
                      {document.title || "Untitled"}
                    </span>
                    <span className="text-xs text-muted-foreground">
                      {document.kind}
                      {document.language ? ` · ${document.language}` : ""} · {formatNumber(document.word_count)} words · updated{" "}
                      {formatRelative(document.updated_at)}
                    </span>
                  </span>
                  <StatusBadge status={document.status} />
                </Link>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
