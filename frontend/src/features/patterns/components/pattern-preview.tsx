import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { errorMessage } from "@/lib/problems";
import { cn } from "@/lib/utils";

import { usePatternPreview, type PreviewLanguage, type PreviewSource } from "../api/patterns";

/**
 * Block markup as a block theme would show it, in a frame that runs nothing.
 *
 * The server sanitizes and renders the markup to a page of its own (POST /previews), served
 * under a policy with no script at all and its own stylesheet; the frame keeps `sandbox=""`
 * (no scripts, no same-origin, no forms, no popups) and loads it by URL. The studio's policy
 * is untouched: the page's inline styles are allowed by the page's policy, not the studio's.
 */
export function PatternPreview({
  source,
  language,
  title,
  frameTitle,
  className,
}: {
  source: PreviewSource;
  language: PreviewLanguage;
  title?: string;
  frameTitle: string;
  className?: string;
}) {
  const preview = usePatternPreview(source, language, title);
  if (preview.isError) {
    return <ErrorState error={preview.error} title="The preview could not be made" onRetry={() => void preview.refetch()} />;
  }
  if (!preview.data) {
    return (
      <div role="status" className={cn("relative", className)}>
        <span className="sr-only">Rendering the preview…</span>
        <Skeleton className="absolute inset-0 size-full" />
      </div>
    );
  }
  return <iframe title={frameTitle} sandbox="" referrerPolicy="no-referrer" src={preview.data.url} className={cn("w-full rounded-md border bg-white", className)} />;
}

/**
 * A small, still picture of a pattern: the preview page laid out at three times the card's
 * width and scaled down, so columns sit side by side as on a page. It is inert (no focus, no
 * pointer, hidden from assistive technology): the card says what it is, and opens the
 * full preview.
 */
export function PatternThumbnail({ source, language, title }: { source: PreviewSource; language: PreviewLanguage; title?: string }) {
  const preview = usePatternPreview(source, language, title);
  return (
    <div className="relative h-44 overflow-hidden rounded-md border bg-white" inert>
      {preview.isError ? (
        <p className="p-3 text-sm text-muted-foreground">No preview: {errorMessage(preview.error)}</p>
      ) : preview.data ? (
        <iframe
          title={`Thumbnail of ${title ?? "the pattern"}`}
          sandbox=""
          referrerPolicy="no-referrer"
          loading="lazy"
          src={preview.data.url}
          className="pointer-events-none absolute left-0 top-0 h-[300%] w-[300%] origin-top-left scale-[0.3333] border-0"
        />
      ) : (
        <Skeleton className="absolute inset-0 size-full" />
      )}
    </div>
  );
}
