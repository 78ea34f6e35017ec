import { useQuery } from "@tanstack/react-query";

import { API_BASE, api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

// Stored images (documents of kind image), shared by Media Forge and the library.

export type ImagePublic = components["schemas"]["ImagePublic"];
export type ImageBody = components["schemas"]["ImageBody"];

export const imageKey = (id: string) => ["images", "one", id] as const;

/** Where an image's bytes are downloaded from (and shown from, with the session's token). */
export function downloadPath(id: string): string {
  return `${API_BASE}/images/${encodeURIComponent(id)}/download`;
}

/** One stored image: prompt, model, size, files and alt text with its source (its id is its document's). */
export function useImage(id: string, enabled = true) {
  return useQuery({
    queryKey: imageKey(id),
    queryFn: ({ signal }) => unwrap(api.GET("/images/{image_id}", { signal, params: { path: { image_id: id } } })),
    enabled,
  });
}

/** The main file of an image (the one downloaded by default). */
export function mainFile(image: ImageBody): ImageBody["files"][number] | undefined {
  return image.files.find((file) => file.role === "main") ?? image.files[0];
}

/** Where an alt text came from, as a writer reads it. */
export function altSourceLabel(source: ImageBody["alt_source"]): string | null {
  if (source === "vision") return "described from the picture by a vision model";
  if (source === "prompt") return "written from the prompt, not from the picture";
  if (source === "person") return "written by a person";
  return null;
}
