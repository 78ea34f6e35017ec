import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";

import { usePagePreview } from "../api/preview";
import type { SitePublic, SiteVersionPage } from "../api/sites";

/** One page as a block theme shows it, in a frame that runs nothing (the server's preview page, by URL). */
export function BlockPreview({ site, page, title }: { site: SitePublic; page: SiteVersionPage; title: string }) {
  const preview = usePagePreview(site.id, site.current_version, page.slug, page.markup, site.language, page.title);
  if (preview.isError) return <ErrorState error={preview.error} title="The preview could not be made" onRetry={() => void preview.refetch()} />;
  if (!preview.data)
    return (
      <div role="status" className="relative h-[32rem]">
        <span className="sr-only">Rendering the preview…</span>
        <Skeleton className="absolute inset-0 size-full" />
      </div>
    );
  return <iframe title={title} sandbox="" referrerPolicy="no-referrer" src={preview.data.url} className="h-[32rem] w-full rounded-md border bg-white" />;
}
