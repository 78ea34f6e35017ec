import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, authFetch, unwrap, API_BASE } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";
import { imageKey, type ImagePublic } from "@/lib/images";
import { ApiProblem, toProblem } from "@/lib/problems";

export { downloadPath, useImage, type ImageBody, type ImagePublic } from "@/lib/images";

export type ImageModel = components["schemas"]["ImageModelInfo"];
export type ImageCapabilities = components["schemas"]["ImageCapabilities"];
export type GenerateRequest = components["schemas"]["ImageGenerate"];
export type PushResult = components["schemas"]["MediaResult"];

export const imageKeys = {
  all: ["images"] as const,
  models: ["images", "models"] as const,
  ofRun: (executionId: string) => ["images", "run", executionId] as const,
  sites: ["wordpress", "sites"] as const,
};

/** The image models of the workspace, each usable or not (and why); none when no provider is configured. */
export function useImageModels() {
  return useQuery({
    queryKey: imageKeys.models,
    queryFn: ({ signal }) => unwrap(api.GET("/images/models", { signal })),
    staleTime: 60_000,
  });
}

/** Start making pictures without waiting (202): the execution is followed live. */
export function useGenerate() {
  return useMutation({ mutationFn: (body: GenerateRequest) => unwrap(api.POST("/images", { body })) });
}

/** The pictures one run made. */
export function useRunImages(executionId: string) {
  return useQuery({
    queryKey: imageKeys.ofRun(executionId),
    queryFn: ({ signal }) => unwrap(api.GET("/images", { signal, params: { query: { execution_id: executionId, limit: 50 } } })),
  });
}

function useImageSaved() {
  const client = useQueryClient();
  return (image: ImagePublic) => {
    client.setQueryData(imageKey(image.id), image);
    void client.invalidateQueries({ queryKey: imageKeys.all, predicate: (query) => query.queryKey[1] !== "one" });
    void client.invalidateQueries({ queryKey: ["documents"] });
  };
}

/** Save a person's alt text: a 422 on alt_text says which alt text rules it breaks. */
export function useSaveAltText(id: string) {
  const saved = useImageSaved();
  return useMutation({
    mutationFn: (altText: string) => unwrap(api.PATCH("/images/{image_id}", { params: { path: { image_id: id } }, body: { alt_text: altText } })),
    onSuccess: saved,
  });
}

/** Write the alt text again (a vision model sees the picture; else it is written from the prompt). */
export function useDescribe(id: string) {
  const saved = useImageSaved();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/images/{image_id}/describe", { params: { path: { image_id: id } }, body: { context: "" } })),
    onSuccess: saved,
  });
}

/** Upload to a connected WordPress's Media Library (the same picture again reuses its item). */
export function usePush(id: string) {
  return useMutation({
    mutationFn: (site: string) => unwrap(api.POST("/images/{image_id}/push", { params: { path: { image_id: id } }, body: { site, caption: "" } })),
  });
}

export function useSites() {
  return useQuery({
    queryKey: imageKeys.sites,
    queryFn: ({ signal }) => unwrap(api.GET("/wordpress/sites", { signal })),
  });
}

export type AttachRequest = components["schemas"]["ImageAttach"];

/** The workspace's finished articles a picture can be attached to (newest first). */
export function useArticles() {
  return useQuery({
    queryKey: ["documents", "articles-for-images"] as const,
    queryFn: ({ signal }) => unwrap(api.GET("/documents", { signal, params: { query: { kind: "article", status: "ready", limit: 50 } } })),
  });
}

/** Attach the picture to an article: a new version of the article, sent with it when published. */
export function useAttach(id: string) {
  const saved = useImageSaved();
  return useMutation({
    mutationFn: (body: AttachRequest) => unwrap(api.POST("/images/{image_id}/attach", { params: { path: { image_id: id } }, body })),
    onSuccess: (attached) => saved(attached.image),
  });
}

export type Started = components["schemas"]["ImagesStarted"];

export interface EditRequest {
  prompt: string;
  mask: File | null;
  model: string;
  count: number;
}

/** Edit the picture as the prompt says (inside the mask, with one): multipart, 202 with the run. */
export function useEditPicture(id: string) {
  return useMutation({
    mutationFn: async (edit: EditRequest): Promise<Started> => {
      const form = new FormData();
      form.append("prompt", edit.prompt);
      form.append("count", String(edit.count));
      if (edit.model) form.append("model", edit.model);
      if (edit.mask) form.append("mask", edit.mask, edit.mask.name);
      const response = await authFetch(`${API_BASE}/images/${encodeURIComponent(id)}/edit`, {
        method: "POST",
        body: form,
        headers: { Accept: "application/json" },
      });
      let body: unknown = null;
      try {
        body = await response.json();
      } catch {
        body = null;
      }
      if (!response.ok) throw new ApiProblem(response.status, toProblem(body, response.status));
      return body as Started;
    },
  });
}

/** More pictures like this one: 202 with the run. */
export function useMoreLikeThis(id: string) {
  return useMutation({
    // The generated type lists defaulted fields as required: the server's default format.
    mutationFn: (body: { model?: string; count: number }) =>
      unwrap(
        api.POST("/images/{image_id}/variations", {
          params: { path: { image_id: id } },
          body: { format: "webp", ...body },
        }),
      ),
  });
}
