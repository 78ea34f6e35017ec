import { API_BASE, authFetch } from "@/lib/api/client";
import { ApiProblem, toProblem } from "@/lib/problems";

/** The problem a failed response carries (its JSON body when it has one), as an ApiProblem to throw. */
export async function responseProblem(response: Response): Promise<ApiProblem> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  return new ApiProblem(response.status, toProblem(body, response.status));
}

/** The file name a Content-Disposition header gives (filename* first), else the fallback. */
export function dispositionName(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header);
  return plain?.[1]?.trim() ?? fallback;
}

/** Hand a blob to the browser as a download named `name`. */
export function saveBlob(blob: Blob, name: string): void {
  const href = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = href;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/** Fetch a file with the session's token and hand it to the browser as a download; the name it was saved as. */
export async function downloadWithAuth(url: string, fallbackName: string): Promise<string> {
  const response = await authFetch(url);
  if (!response.ok) throw await responseProblem(response);
  const blob = await response.blob();
  const name = dispositionName(response.headers.get("Content-Disposition"), fallbackName);
  saveBlob(blob, name);
  return name;
}

/** Where an export's `download_url` points: it is absolute from the server's root (/api/v1/files/...). */
export function exportUrl(downloadUrl: string): string {
  return downloadUrl.startsWith("/") ? downloadUrl : `${API_BASE}/${downloadUrl}`;
}
