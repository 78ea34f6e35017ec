import { Check, ImageOff } from "lucide-react";
import { useRef, type KeyboardEvent } from "react";

import { AuthedImage } from "@/components/media/authed-image";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/utils";

import { downloadPath, useRunImages, type ImagePublic } from "../api/images";
import { ImageDetail } from "./image-detail";

/**
 * The variations side by side as one radio group (arrow keys move and pick, as a radio group
 * does; the picked one takes the tab stop), then the picked one's alt text and what to do with it.
 */
export function Variations({ executionId, picked, onPick }: { executionId: string; picked: string | null; onPick: (id: string) => void }) {
  const images = useRunImages(executionId);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);

  if (images.isError) return <ErrorState error={images.error} title="The pictures could not be loaded" onRetry={() => void images.refetch()} />;
  if (!images.data) {
    return (
      <div role="status" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <span className="sr-only">Loading the pictures…</span>
        <Skeleton className="aspect-square w-full" />
        <Skeleton className="aspect-square w-full" />
      </div>
    );
  }
  const items = images.data.items;
  if (items.length === 0) {
    return (
      <EmptyState icon={ImageOff} title="The run made no pictures">
        The provider answered without a picture; nothing was stored. Try another prompt or model.
      </EmptyState>
    );
  }
  const current: ImagePublic | undefined = items.find((image) => image.id === picked) ?? items[0];
  if (!current) return null;

  const move = (event: KeyboardEvent, index: number) => {
    const rtl = getComputedStyle(event.currentTarget).direction === "rtl";
    const forward = ["ArrowDown", rtl ? "ArrowLeft" : "ArrowRight"];
    const back = ["ArrowUp", rtl ? "ArrowRight" : "ArrowLeft"];
    const step = forward.includes(event.key) ? 1 : back.includes(event.key) ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = (index + step + items.length) % items.length;
    const target = items[next];
    if (!target) return;
    onPick(target.id);
    buttons.current[next]?.focus();
  };

  return (
    <div className="grid gap-6">
      <section aria-labelledby="variations-title" className="grid gap-3">
        <h2 id="variations-title" className="text-lg font-semibold">
          {items.length === 1 ? "The picture" : `${String(items.length)} variations`}
        </h2>
        <div role="radiogroup" aria-labelledby="variations-title" className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-5">
          {items.map((image, index) => {
            const selected = image.id === current.id;
            return (
              <button
                key={image.id}
                ref={(element) => {
                  buttons.current[index] = element;
                }}
                type="button"
                role="radio"
                aria-checked={selected}
                tabIndex={selected ? 0 : -1}
                onClick={() => onPick(image.id)}
                onKeyDown={(event) => move(event, index)}
                className={cn(
                  "relative grid gap-2 rounded-lg border bg-card p-2 text-start transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
                  selected ? "border-primary ring-2 ring-primary" : "hover:border-foreground/40",
                )}
              >
                <AuthedImage url={downloadPath(image.id)} alt={image.image.alt_text ?? ""} width={image.image.width} height={image.image.height} className="aspect-square w-full" />
                <span className="flex items-center justify-between gap-2 text-sm">
                  <span>
                    Variation {index + 1}
                    <span className="block text-xs text-muted-foreground">
                      {image.image.width} × {image.image.height}
                    </span>
                  </span>
                  {selected ? (
                    <span className="inline-flex items-center gap-1 text-xs font-medium text-primary">
                      <Check aria-hidden="true" className="size-4" />
                      Picked
                    </span>
                  ) : null}
                </span>
              </button>
            );
          })}
        </div>
      </section>
      <ImageDetail key={current.id} image={current} />
    </div>
  );
}
