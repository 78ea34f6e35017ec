import { Download, ExternalLink, Loader2, Send } from "lucide-react";
import { useState } from "react";
import { Link } from "react-router";

import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { LoadingRows } from "@/components/ui/skeleton";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { downloadWithAuth } from "@/lib/download";
import { mainFile } from "@/lib/images";
import { errorMessage } from "@/lib/problems";

import { downloadPath, usePush, useSites, type ImagePublic, type PushResult } from "../api/images";

const ACTIONS: Record<PushResult["action"], string> = {
  uploaded: "Uploaded to",
  reused: "Already in",
  recovered: "Found again in",
};

/** Download the picked picture, or send it to the Media Library of a connected WordPress. */
export function SendCard({ image }: { image: ImagePublic }) {
  const sites = useSites();
  const [chosen, setChosen] = useState("");
  const push = usePush(image.id);
  const [downloaded, setDownloaded] = useState<string>();
  const [downloadError, setDownloadError] = useState<unknown>();
  const siteId = chosen || sites.data?.[0]?.id || "";
  const extension = mainFile(image.image)?.format ?? "webp";

  const download = async () => {
    setDownloadError(undefined);
    try {
      setDownloaded(await downloadWithAuth(downloadPath(image.id), `${image.title || "image"}.${extension}`));
    } catch (error) {
      setDownloadError(error);
    }
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>Use it</CardTitle>
        <CardDescription>With its alt text as saved. Sending the same picture again reuses its Media Library item.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <div className="grid gap-1">
          <Button variant="outline" className="justify-self-start" onClick={() => void download()}>
            <Download aria-hidden="true" />
            Download
          </Button>
          {downloaded ? <p role="status" className="text-xs text-muted-foreground">Saved as {downloaded}.</p> : null}
          {downloadError ? <p className="text-sm text-destructive">{errorMessage(downloadError)}</p> : null}
        </div>
        {sites.isPending ? (
          <LoadingRows rows={1} label="Loading WordPress sites" />
        ) : sites.isError ? (
          <p className="text-sm text-destructive">{errorMessage(sites.error)}</p>
        ) : sites.data.length === 0 ? (
          <p className="text-sm text-muted-foreground">
            No WordPress site is connected: <Link className="text-primary underline" to="/settings">connect one in Settings</Link> to send pictures to its
            Media Library.
          </p>
        ) : (
          <form
            className="grid gap-3"
            aria-label="Send to a Media Library"
            onSubmit={(event) => {
              event.preventDefault();
              push.mutate(siteId);
            }}
          >
            <FormField label="WordPress site">
              {(control) => (
                <Select
                  value={siteId}
                  onValueChange={(value) => {
                    setChosen(value);
                    push.reset();
                  }}
                >
                  <SelectTrigger {...control}>
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    {sites.data.map((site) => (
                      <SelectItem key={site.id} value={site.id}>
                        {site.name} ({site.url}){site.status === "ok" ? "" : ` · ${site.status}`}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              )}
            </FormField>
            <Button type="submit" className="justify-self-start" disabled={push.isPending || !siteId}>
              {push.isPending ? <Loader2 aria-hidden="true" className="animate-spin" /> : <Send aria-hidden="true" />}
              Send to the Media Library
            </Button>
            {push.isError ? <p className="text-sm text-destructive">{errorMessage(push.error)}</p> : null}
            {push.data ? (
              <p role="status" className="text-sm">
                {ACTIONS[push.data.action]} {push.data.site}&apos;s Media Library as item #{push.data.media_id}
                {push.data.alt_text ? `, with the alt text “${push.data.alt_text}”` : ""}.{" "}
                <a className="inline-flex items-center gap-1 text-primary underline" href={push.data.url} target="_blank" rel="noreferrer">
                  Open the file
                  <ExternalLink aria-hidden="true" className="size-3" />
                  <span className="sr-only">(opens in a new tab)</span>
                </a>
              </p>
            ) : null}
          </form>
        )}
      </CardContent>
    </Card>
  );
}
