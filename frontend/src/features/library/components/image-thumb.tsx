import { AuthedImage } from "@/components/media/authed-image";
import { downloadPath, useImage } from "@/lib/images";

/** A stored image's thumbnail in the library list, described by its alt text. */
export function ImageThumb({ id }: { id: string }) {
  const image = useImage(id);
  return <AuthedImage url={downloadPath(id)} alt={image.data?.image.alt_text ?? ""} className="size-12 shrink-0" />;
}

/** A stored image's alt text under its title (what a screen reader says of it). */
export function ImageAlt({ id }: { id: string }) {
  const image = useImage(id);
  if (!image.data) return null;
  return (
    <span className="block truncate text-xs text-muted-foreground" dir="auto">
      <span className="sr-only">Alt text: </span>
      {image.data.image.alt_text || "no alt text yet"}
    </span>
  );
}
