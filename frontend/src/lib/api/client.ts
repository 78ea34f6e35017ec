// The one way the studio talks to the API: openapi-fetch typed by the generated schema.d.ts.
//
// Paths are relative to /api/v1:  api.GET("/documents", { params: { query: { limit: 10 } } }).
// Every call carries the in-memory access token; a 401 triggers one silent refresh (from the
// httpOnly cookie) and one retry; when that fails the session ends and the shell returns to
// /sign-in?next=<this screen>.
import createClient, { type Middleware } from "openapi-fetch";

import { ApiProblem, toProblem } from "@/lib/problems";
import { expire, getAccessToken, refresh } from "@/lib/session";

import type { paths } from "./schema";

export const API_BASE = "/api/v1";

const authMiddleware: Middleware = {
  onRequest({ request }) {
    const token = getAccessToken();
    if (token && !request.headers.has("Authorization")) {
      request.headers.set("Authorization", `Bearer ${token}`);
    }
    return request;
  },
};

function isAuthRoute(url: string): boolean {
  return new URL(url, window.location.origin).pathname.startsWith(`${API_BASE}/auth/`);
}

/**
 * fetch with the access token, renewed once on a 401. Use it for what openapi-fetch does not
 * cover (streams, downloads); it takes a Request or the usual (url, init) pair.
 */
export async function authFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const request = new Request(input, { credentials: "same-origin", ...init });
  const token = getAccessToken();
  const first = request.clone();
  if (token && !first.headers.has("Authorization")) first.headers.set("Authorization", `Bearer ${token}`);
  const response = await fetch(first);
  if (response.status !== 401 || isAuthRoute(request.url)) return response;
  if (!(await refresh())) {
    expire();
    return response;
  }
  const retry = request.clone();
  const renewed = getAccessToken();
  if (renewed) retry.headers.set("Authorization", `Bearer ${renewed}`);
  const second = await fetch(retry);
  if (second.status === 401) expire();
  return second;
}

export const api = createClient<paths>({
  baseUrl: API_BASE,
  credentials: "same-origin",
  // The Authorization header is set by authFetch (first try and retry alike).
  fetch: (request: Request) => authFetch(request),
});
api.use(authMiddleware);

/**
 * Unwrap an openapi-fetch answer for TanStack Query: the data, or throw an ApiProblem with the
 * problem document (so `error.field("email")` gives the message for the email field).
 */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiProblem(response.status, toProblem(error, response.status));
  return data as T;
}
