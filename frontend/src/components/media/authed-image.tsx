import { useQuery } from "@tanstack/react-query";
import { ImageOff } from "lucide-react";
import { useEffect, useRef } from "react";

import { Skeleton } from "@/components/ui/skeleton";
import { authFetch } from "@/lib/api/client";
import { responseProblem } from "@/lib/download";
import { cn } from "@/lib/utils";

/**
 * A stored picture shown from its bytes: fetched with the session's token (an <img src> to the
 * API would go without it) and shown from a blob: URL, revoked when no longer shown.
 */
export function AuthedImage({
  url,
  alt,
  className,
  width,
  height,
}: {
  url: string;
  alt: string;
  className?: string;
  width?: number;
  height?: number;
}) {
  const bytes = useQuery({
    queryKey: ["image-bytes", url],
    queryFn: async ({ signal }) => {
      const response = await authFetch(url, { signal });
      if (!response.ok) throw await responseProblem(response);
      return response.blob();
    },
    staleTime: Infinity,
    gcTime: 5 * 60_000,
  });
  // The blob: URL is made and revoked by the same effect, which sets it on the <img> itself:
  // a remount (StrictMode's, in development) makes a fresh one instead of keeping a revoked one.
  const picture = useRef<HTMLImageElement>(null);
  const blob = bytes.data;
  useEffect(() => {
    const element = picture.current;
    if (!element || !blob) return undefined;
    const made = URL.createObjectURL(blob);
    element.src = made;
    return () => {
      element.removeAttribute("src");
      URL.revokeObjectURL(made);
    };
  }, [blob]);

  const frame = cn("rounded-md border bg-muted object-contain", className);
  if (bytes.isError) {
    return (
      <div role="img" aria-label={`${alt} (the picture could not be loaded)`} className={cn(frame, "grid place-items-center text-muted-foreground")}>
        <ImageOff aria-hidden="true" className="size-6" />
      </div>
    );
  }
  if (!blob) return <Skeleton className={frame} aria-hidden="true" />;
  return <img ref={picture} alt={alt} width={width} height={height} className={frame} decoding="async" />;
}
