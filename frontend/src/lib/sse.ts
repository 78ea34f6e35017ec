// Server-sent events read with fetch, because the stream needs the Authorization header that
// EventSource cannot send. A lost connection is retried with backoff; while it is down the
// stream is `stale`, so a screen can say its progress may be old.
import { useEffect, useState } from "react";

import { authFetch } from "@/lib/api/client";
import { ApiProblem, toProblem } from "@/lib/problems";

export interface SseMessage {
  id: string | null;
  event: string;
  data: string;
}

/** Split a growing text buffer into complete messages; returns them and what is left over. */
export function parseSse(buffer: string): { messages: SseMessage[]; rest: string } {
  const messages: SseMessage[] = [];
  const blocks = buffer.replace(/\r\n?/g, "\n").split("\n\n");
  const rest = blocks.pop() ?? "";
  for (const block of blocks) {
    let id: string | null = null;
    let event = "message";
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (!line || line.startsWith(":")) continue; // comments are keep-alives
      const colon = line.indexOf(":");
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? "" : line.slice(colon + 1);
      if (value.startsWith(" ")) value = value.slice(1);
      if (field === "id") id = value;
      else if (field === "event") event = value;
      else if (field === "data") data.push(value);
    }
    if (data.length || event !== "message") messages.push({ id, event, data: data.join("\n") });
  }
  return { messages, rest };
}

export interface StreamHandlers {
  onMessage: (message: SseMessage) => void;
  /** Called with true while disconnected and reconnecting, false once the stream flows again. */
  onStale?: (stale: boolean) => void;
  /** A refusal that retrying cannot fix (404, 403...): the stream stops. */
  onError?: (error: ApiProblem) => void;
  /** The stream ended for good (an `endEvent` message arrived). */
  onEnd?: () => void;
}

export interface StreamOptions {
  /** The event after which the stream is complete and is not reopened. */
  endEvent?: string;
  /** No byte for this long (keep-alives included) counts as a lost connection. */
  silenceMs?: number;
  maxBackoffMs?: number;
}

/** Follow `url` until closed or ended; returns the function that closes it. */
export function openEventStream(url: string, handlers: StreamHandlers, options: StreamOptions = {}): () => void {
  const { endEvent = "end", silenceMs = 40_000, maxBackoffMs = 30_000 } = options;
  let closed = false;
  let attempt = 0;
  let controller: AbortController | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let stale = false;

  const setStale = (value: boolean) => {
    if (stale !== value) {
      stale = value;
      handlers.onStale?.(value);
    }
  };

  const connect = async () => {
    controller = new AbortController();
    const current = controller;
    let silence: ReturnType<typeof setTimeout> | undefined;
    const watch = () => {
      clearTimeout(silence);
      silence = setTimeout(() => current.abort(), silenceMs);
    };
    try {
      watch();
      const response = await authFetch(url, { headers: { Accept: "text/event-stream" }, signal: current.signal });
      if (!response.ok) {
        let body: unknown = null;
        try {
          body = (await response.json()) as unknown;
        } catch {
          body = null;
        }
        const problem = new ApiProblem(response.status, toProblem(body, response.status));
        if (response.status < 500 && response.status !== 429) {
          closed = true;
          handlers.onError?.(problem);
          return;
        }
        throw problem;
      }
      if (!response.body) throw new Error("the server sent no stream");
      attempt = 0;
      setStale(false);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        watch();
        const parsed = parseSse(buffer + value);
        buffer = parsed.rest;
        for (const message of parsed.messages) {
          handlers.onMessage(message);
          if (message.event === endEvent) {
            closed = true;
            handlers.onEnd?.();
            await reader.cancel();
            return;
          }
        }
      }
    } catch {
      // Lost, silent or failed: retried below unless closed.
    } finally {
      clearTimeout(silence);
    }
    if (closed) return;
    setStale(true);
    const delay = Math.min(maxBackoffMs, 1000 * 2 ** attempt) * (0.75 + Math.random() * 0.5);
    attempt += 1;
    retryTimer = setTimeout(() => void connect(), delay);
  };

  void connect();
  return () => {
    closed = true;
    clearTimeout(retryTimer);
    controller?.abort();
  };
}

export interface EventStreamState<T> {
  /** The last message's data, parsed. */
  data: T | undefined;
  /** True while the connection is lost and being retried: `data` may be out of date. */
  stale: boolean;
  ended: boolean;
  error: ApiProblem | null;
}

const INITIAL = { data: undefined, stale: false, ended: false, error: null } as const;

/**
 * Follow a snapshot stream (each message carries the whole state as JSON), such as
 * `/api/v1/executions/{id}/events`. Pass null to follow nothing.
 */
export function useEventStream<T>(url: string | null, options: StreamOptions = {}): EventStreamState<T> {
  // The state belongs to one url: following another starts from nothing again.
  const [state, setState] = useState<EventStreamState<T> & { url: string | null }>({ url, ...INITIAL });
  const { endEvent, silenceMs, maxBackoffMs } = options;

  useEffect(() => {
    if (url === null) return;
    const update = (change: Partial<EventStreamState<T>>) =>
      setState((previous) => (previous.url === url ? { ...previous, ...change } : { url, ...INITIAL, ...change }));
    return openEventStream(
      url,
      {
        onMessage: (message) => {
          if (!message.data) return;
          try {
            update({ data: JSON.parse(message.data) as T });
          } catch {
            // Not JSON: not a snapshot; ignored.
          }
        },
        onStale: (stale) => update({ stale }),
        onError: (error) => update({ error, stale: false }),
        onEnd: () => update({ ended: true, stale: false }),
      },
      { endEvent, silenceMs, maxBackoffMs },
    );
  }, [url, endEvent, silenceMs, maxBackoffMs]);

  if (state.url !== url) return INITIAL;
  return { data: state.data, stale: state.stale, ended: state.ended, error: state.error };
}
