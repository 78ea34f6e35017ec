// The browser session (see notes: auth contract). The access token lives in memory only; the
// refresh token is an httpOnly cookie scoped to /api/v1/auth that this code never sees. Refresh,
// logout and switch prove they come from this page with the X-CSRF-Token header, copied from the
// readable `presswright_csrf` cookie.
//
// These calls use fetch directly: they are what the API client's silent refresh rests on.
import { useSyncExternalStore } from "react";

import type { components } from "@/lib/api/schema";
import { ApiProblem, toProblem } from "@/lib/problems";

export type Role = components["schemas"]["Role"];

interface TokenAnswer {
  access_token: string;
  expires_in: number;
  tenant_id: string;
  role: Role;
}

export type SessionStatus = "restoring" | "signed-in" | "signed-out";

export interface SessionState {
  status: SessionStatus;
  tenantId: string | null;
  role: Role | null;
  /** Why the last session ended: the user signed out, or it expired (then sign-in returns here). */
  ended: "signed-out" | "expired" | null;
}

const AUTH = "/api/v1/auth";
const CSRF_COOKIE = "presswright_csrf";

let accessToken: string | null = null;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let refreshing: Promise<boolean> | null = null;
/**
 * Set from the moment the user signs out until they sign in again. Sign-out is final: a request
 * still in flight that comes back 401 afterwards neither renews the session nor ends it as
 * "expired", and a refresh answered after sign-out began is thrown away.
 */
let signedOutByUser = false;
/** Read through a call, so a check after an await is not narrowed away by one before it. */
const userSignedOut = (): boolean => signedOutByUser;
let state: SessionState = { status: "restoring", tenantId: null, role: null, ended: null };
const listeners = new Set<() => void>();

function setState(next: SessionState): void {
  state = next;
  for (const listener of listeners) listener();
}

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function getSession(): SessionState {
  return state;
}

export function getAccessToken(): string | null {
  return accessToken;
}

function csrfToken(): string | null {
  for (const part of document.cookie.split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === CSRF_COOKIE) return decodeURIComponent(value.join("="));
  }
  return null;
}

/** Whether a refresh cookie may be there to restore a session from (its CSRF twin is readable). */
export function hasStoredSession(): boolean {
  return csrfToken() !== null;
}

function accept(answer: TokenAnswer): void {
  accessToken = answer.access_token;
  // Refresh a little before the access token lapses, so calls rarely meet a 401 at all.
  scheduleRefresh(Math.max(answer.expires_in * 0.8, answer.expires_in - 60, 5) * 1000);
  setState({ status: "signed-in", tenantId: answer.tenant_id, role: answer.role, ended: null });
}

function scheduleRefresh(delay: number): void {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    // A server that cannot be reached now may be back soon: try again, the session is not over.
    refresh().catch(() => {
      scheduleRefresh(15_000);
    });
  }, delay);
}

function drop(ended: SessionState["ended"]): void {
  accessToken = null;
  clearTimeout(refreshTimer);
  setState({ status: "signed-out", tenantId: null, role: null, ended });
}

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${AUTH}${path}`, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

async function failure(response: Response): Promise<ApiProblem> {
  let body: unknown = null;
  try {
    const text = await response.text();
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      body = text;
    }
  } catch {
    body = null;
  }
  return new ApiProblem(response.status, toProblem(body, response.status));
}

/**
 * Run `task` holding a lock shared by every tab of this origin: refresh tokens rotate, and two
 * tabs presenting the same one at once would look like a stolen token and end the session.
 */
async function exclusively<T>(task: () => Promise<T>): Promise<T> {
  if (typeof navigator !== "undefined" && "locks" in navigator) {
    return navigator.locks.request("presswright-session", task);
  }
  return task();
}

export interface Credentials {
  email: string;
  password: string;
  tenantId?: string;
}

/** Sign in; throws ApiProblem (401 wrong email or password, 403 no workspace, 422, 429). */
export async function signIn({ email, password, tenantId }: Credentials): Promise<void> {
  const response = await exclusively(() =>
    post("/login", { email, password, tenant_id: tenantId ?? null, refresh_in: "cookie" }),
  );
  if (!response.ok) throw await failure(response);
  const answer = (await response.json()) as TokenAnswer;
  signedOutByUser = false;
  accept(answer);
}

export interface Registration {
  email: string;
  password: string;
  workspace: string;
  displayName?: string;
}

/** Create an account and its workspace, and sign in to it; throws ApiProblem (403 closed, 409, 422). */
export async function register({ email, password, workspace, displayName }: Registration): Promise<void> {
  const response = await exclusively(() =>
    post("/register", {
      email,
      password,
      workspace,
      display_name: displayName?.trim() ? displayName.trim() : null,
      refresh_in: "cookie",
    }),
  );
  if (!response.ok) throw await failure(response);
  const answer = (await response.json()) as { tokens: TokenAnswer };
  signedOutByUser = false;
  accept(answer.tokens);
}

/**
 * Trade the refresh cookie for a new access token. Concurrent callers share one request.
 * Resolves false (and ends the session as expired) when the session cannot be renewed.
 */
export function refresh(): Promise<boolean> {
  if (signedOutByUser) return Promise.resolve(false);
  refreshing ??= (async () => {
    try {
      const renewed = await exclusively(async () => {
        const csrf = csrfToken();
        if (csrf === null) return null;
        const response = await post("/refresh", {}, { "X-CSRF-Token": csrf });
        if (!response.ok) {
          // A server that cannot be reached or failed is not an ended session.
          if (response.status >= 500) throw await failure(response);
          return null;
        }
        return (await response.json()) as TokenAnswer;
      });
      // The user signed out meanwhile: their word is final, whatever this refresh found.
      if (userSignedOut()) return false;
      if (renewed === null) {
        drop(state.status === "restoring" ? null : "expired");
        return false;
      }
      accept(renewed);
      return true;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** On page load: restore the session from the refresh cookie, if there is one. */
export async function restore(): Promise<void> {
  if (!hasStoredSession()) {
    drop(null);
    return;
  }
  try {
    await refresh();
  } catch {
    // The server could not answer; the user can sign in again (and the cookie stays).
    drop(null);
  }
}

/** End the session on the server and here; the page is signed out even if the server is gone. */
export async function signOut(): Promise<void> {
  signedOutByUser = true;
  clearTimeout(refreshTimer);
  const csrf = csrfToken();
  try {
    if (csrf !== null) {
      await exclusively(() =>
        post("/logout", {}, { "X-CSRF-Token": csrf, ...(accessToken ? { Authorization: `Bearer ${accessToken}` } : {}) }),
      );
    }
  } finally {
    drop("signed-out");
  }
}

/** Continue in another workspace the user belongs to (403 when not a member). */
export async function switchWorkspace(tenantId: string): Promise<void> {
  const attempt = () => {
    const csrf = csrfToken();
    return exclusively(() =>
      post(
        "/switch",
        { tenant_id: tenantId, refresh_in: "cookie" },
        {
          ...(accessToken ? { Authorization: `Bearer ${accessToken}` } : {}),
          ...(csrf !== null ? { "X-CSRF-Token": csrf } : {}),
        },
      ),
    );
  };
  let response = await attempt();
  // The access token may have lapsed (a laptop waking up): renew it once, as any call would.
  if (response.status === 401 && (await refresh())) response = await attempt();
  if (!response.ok) throw await failure(response);
  accept((await response.json()) as TokenAnswer);
}

/** The API said the token is no good and refresh failed: back to sign-in, then here. */
export function expire(): void {
  if (signedOutByUser) return;
  if (state.status !== "signed-out") drop("expired");
}

/** Where a signed-out visitor is sent; `?next=` carries the screen to return to. */
export const SIGN_IN_PATH = "/sign-in";

/** The sign-in address that returns to `next` (a path of this app) afterwards. */
export function signInHref(next?: string, reason?: "expired"): string {
  const params = new URLSearchParams();
  if (next && next !== "/" && !next.startsWith(SIGN_IN_PATH)) params.set("next", next);
  if (reason) params.set("reason", reason);
  const query = params.toString();
  return query ? `${SIGN_IN_PATH}?${query}` : SIGN_IN_PATH;
}

/** A `?next=` value made safe: a path of this app, never another origin ("//x", "http:"). */
export function safeNext(next: string | null | undefined): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  try {
    const url = new URL(next, window.location.origin);
    if (url.origin !== window.location.origin) return "/";
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return "/";
  }
}

/** The session as React state. */
export function useSession(): SessionState {
  return useSyncExternalStore(subscribe, getSession);
}
