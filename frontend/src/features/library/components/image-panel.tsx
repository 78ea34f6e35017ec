import { Download } from "lucide-react";
import { useState } from "react";

import { AuthedImage } from "@/components/media/authed-image";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { directionOf } from "@/lib/direction";
import { downloadWithAuth } from "@/lib/download";
import { altSourceLabel, downloadPath, mainFile, useImage } from "@/lib/images";
import { errorMessage } from "@/lib/problems";

/** A stored image in the library: the picture, its alt text and where it came from, and its download. */
export function ImagePanel({ id }: { id: string }) {
  const image = useImage(id);
  const [downloaded, setDownloaded] = useState<string>();
  const [failed, setFailed] = useState<unknown>();
  if (image.isError) return <ErrorState error={image.error} title="The image could not be loaded" onRetry={() => void image.refetch()} />;
  if (!image.data) return <Skeleton className="h-64 w-full" />;
  const record = image.data;
  const body = record.image;
  const file = mainFile(body);
  const dir = directionOf(body.language);
  const source = altSourceLabel(body.alt_source);
  const download = async () => {
    setFailed(undefined);
    try {
      setDownloaded(await downloadWithAuth(downloadPath(id), file?.filename ?? `${record.title || "image"}.${body.format}`));
    } catch (error) {
      setFailed(error);
    }
  };
  return (
    <Card>
      <CardHeader className="flex flex-row flex-wrap items-center justify-between gap-2">
        <CardTitle>Picture</CardTitle>
        <Button variant="outline" size="sm" onClick={() => void download()}>
          <Download aria-hidden="true" />
          Download the picture
        </Button>
      </CardHeader>
      <CardContent className="grid gap-4 md:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <AuthedImage url={downloadPath(id)} alt={body.alt_text ?? ""} width={body.width} height={body.height} className="max-h-96 w-full" />
        <dl className="grid content-start gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
          <dt className="text-muted-foreground">Alt text</dt>
          <dd dir={dir} lang={body.language}>
            {body.alt_text || <span className="text-muted-foreground">none yet{body.alt_error ? `: ${body.alt_error}` : ""}</span>}
            {source ? <span className="block text-xs text-muted-foreground">{source}</span> : null}
          </dd>
          <dt className="text-muted-foreground">Prompt</dt>
          <dd dir={dir} lang={body.language}>
            {body.prompt}
          </dd>
          <dt className="text-muted-foreground">Model</dt>
          <dd dir="ltr" className="text-start">
            {body.model}
          </dd>
          <dt className="text-muted-foreground">Size</dt>
          <dd>
            {body.width} × {body.height}
            {file ? ` · ${file.media_type}` : ""}
          </dd>
          <dt className="text-muted-foreground">SHA-256</dt>
          <dd className="break-all font-mono text-xs">{body.sha256}</dd>
        </dl>
        {downloaded ? (
          <p role="status" className="text-xs text-muted-foreground">
            Saved as {downloaded}.
          </p>
        ) : null}
        {failed ? <p className="text-sm text-destructive">{errorMessage(failed)}</p> : null}
      </CardContent>
    </Card>
  );
}
