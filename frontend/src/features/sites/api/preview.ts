import { useQuery } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import type { components } from "@/lib/api/schema";

type PreviewLanguage = components["schemas"]["PreviewCreate"]["language"];
const LANGUAGES: ReadonlySet<string> = new Set(["en", "fa", "ar", "de", "es", "fr", "it", "ja", "ko", "zh"]);
// The server keeps a preview a few minutes; ask again before it expires (same markup, same URL).
const RENEW_MS = 4 * 60 * 1000;

/**
 * A page's block markup rendered by the server (sanitized, styled as a block theme shows it,
 * under its own policy) and the capability URL a `sandbox=""` frame loads it from.
 */
export function usePagePreview(siteId: string, version: number, slug: string, markup: string, language: string | null, title: string) {
  const lang: PreviewLanguage = language && LANGUAGES.has(language) ? (language as PreviewLanguage) : "en";
  return useQuery({
    queryKey: ["sites", "preview", siteId, version, slug],
    enabled: markup.trim().length > 0,
    queryFn: ({ signal }) => unwrap(api.POST("/previews", { signal, body: { markup, language: lang, title } })),
    staleTime: RENEW_MS,
    gcTime: RENEW_MS,
    refetchInterval: RENEW_MS,
  });
}
