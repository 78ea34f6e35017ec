import { Link } from "react-router";

import { AuthedImage } from "@/components/media/authed-image";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { directionOf } from "@/lib/direction";
import { mainFile } from "@/lib/images";

import { downloadPath, useImage, type ImagePublic } from "../api/images";
import { formatBytes, styleLabel } from "../lib/choices";
import { AltTextEditor } from "./alt-text-editor";
import { AttachCard } from "./attach-card";
import { RemakeCard } from "./remake-card";
import { SendCard } from "./send-card";

/** The picked picture large, what is known of it, its alt text, and where it can go. */
export function ImageDetail({ image: listed }: { image: ImagePublic }) {
  // The one image's own record: it changes when its alt text is saved or written again.
  const image = useImage(listed.id).data ?? listed;
  const body = image.image;
  const file = mainFile(body);
  const dir = directionOf(body.language);
  return (
    <div className="grid gap-4 lg:grid-cols-3">
      <Card>
        <CardHeader>
          <CardTitle>The picked picture</CardTitle>
          <CardDescription dir={dir} lang={body.language}>
            {body.prompt}
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <AuthedImage url={downloadPath(image.id)} alt={body.alt_text ?? ""} width={body.width} height={body.height} className="max-h-64 w-full" />
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-muted-foreground">Model</dt>
            <dd dir="ltr" className="text-start">{body.model}</dd>
            <dt className="text-muted-foreground">Size</dt>
            <dd>
              {body.width} × {body.height}
              {file ? ` · ${file.format.toUpperCase()} · ${formatBytes(file.size)}` : ""}
            </dd>
            {body.style ? (
              <>
                <dt className="text-muted-foreground">Style</dt>
                <dd>{styleLabel(body.style)}</dd>
              </>
            ) : null}
            {body.negative_prompt ? (
              <>
                <dt className="text-muted-foreground">Left out</dt>
                <dd dir={dir}>{body.negative_prompt}</dd>
              </>
            ) : null}
            {body.source_id ? (
              <>
                <dt className="text-muted-foreground">{body.operation === "edit" ? "Edit of" : "Like"}</dt>
                <dd>
                  <Link className="text-primary underline" to={`/library/${body.source_id}`}>
                    the picture it was made from
                  </Link>
                </dd>
              </>
            ) : null}
            <dt className="text-muted-foreground">In the library</dt>
            <dd>
              <Link className="text-primary underline" to={`/library/${image.id}`}>
                {image.title || "Open the image"}
              </Link>
            </dd>
          </dl>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Alt text</CardTitle>
          <CardDescription>Read by screen readers in its place, and sent with it to WordPress.</CardDescription>
        </CardHeader>
        <CardContent>
          <AltTextEditor image={image} />
        </CardContent>
      </Card>
      <SendCard image={image} />
      <AttachCard image={image} />
      <RemakeCard image={image} />
    </div>
  );
}
