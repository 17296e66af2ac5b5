import { authHeaders, explain, type Problem } from './http';
import { SseParser } from './sse-parser';

/** One recorded event as the SSE stream publishes it (positions as decimal strings). */
export interface FeedEvent {
  readonly id: string;
  readonly type: string;
  readonly stream: string;
  readonly position: string;
  readonly recordedAt: string;
}

export type FeedState =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'live' }
  | { readonly kind: 'retrying'; readonly reason: string; readonly inMs: number }
  | { readonly kind: 'failed'; readonly reason: string };

export interface FeedHandlers {
  event(event: FeedEvent): void;
  /** History has been delivered up to `position`; what follows is live. */
  caughtUp(position: string): void;
  state(state: FeedState): void;
}

const SUBSCRIPTION = '/subscriptions/all';
/**
 * The ledger's own streams: what the read models hold. Other streams (the audit log's signed
 * checkpoints, every few seconds) change no view, so they neither tick the slider nor reload.
 */
const CATEGORIES = 'source,agreement,offer';
/** Waits between reconnections: short first (a restart), then patient, never hammering. */
const BACKOFF_MS = [500, 1_000, 2_000, 5_000, 10_000, 15_000];

/**
 * Follows the ledger's log over SSE from the start: history first (the as-of slider's
 * ticks), then every new event. Reconnects by itself, resuming after the last position held, so
 * nothing is missed or seen twice. Returns a function that stops it.
 */
export function followLedger(apiKey: string | undefined, handlers: FeedHandlers): () => void {
  const stop = new AbortController();
  void run(apiKey, handlers, stop.signal);
  return () => stop.abort();
}

async function run(
  apiKey: string | undefined,
  handlers: FeedHandlers,
  signal: AbortSignal,
): Promise<void> {
  let last = 'start';
  let failures = 0;
  while (!signal.aborted) {
    handlers.state({ kind: 'connecting' });
    const outcome = await connect(last, apiKey, handlers, signal, (position) => {
      last = position;
      failures = 0;
    });
    if (signal.aborted) return;
    if (outcome.fatal) {
      handlers.state({ kind: 'failed', reason: outcome.reason });
      return;
    }
    const inMs = BACKOFF_MS[Math.min(failures, BACKOFF_MS.length - 1)] ?? 15_000;
    failures += 1;
    handlers.state({ kind: 'retrying', reason: outcome.reason, inMs });
    await sleep(inMs, signal);
  }
}

interface Outcome {
  readonly fatal: boolean;
  readonly reason: string;
}

async function connect(
  from: string,
  apiKey: string | undefined,
  handlers: FeedHandlers,
  signal: AbortSignal,
  held: (position: string) => void,
): Promise<Outcome> {
  let response: Response;
  try {
    response = await fetch(
      `${SUBSCRIPTION}?categories=${CATEGORIES}&from=${encodeURIComponent(from)}`,
      {
        headers: { accept: 'text/event-stream', ...authHeaders(apiKey) },
        signal,
      },
    );
  } catch {
    return { fatal: false, reason: 'the ledger cannot be reached' };
  }
  if (!response.ok || response.body === null) return refused(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new SseParser();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { fatal: false, reason: 'the stream ended' };
      for (const frame of parser.push(value)) {
        const ended = deliver(frame.event, frame.data, frame.id, handlers, held);
        if (ended !== undefined) return { fatal: false, reason: ended };
      }
    }
  } catch {
    return { fatal: false, reason: 'the connection dropped' };
  } finally {
    reader.releaseLock();
  }
}

/** Hands one frame on; returns why the server ended the stream, if it did. */
function deliver(
  name: string,
  data: string,
  id: string | undefined,
  handlers: FeedHandlers,
  held: (position: string) => void,
): string | undefined {
  const body = parseJson(data);
  if (name === 'caughtUp') {
    handlers.caughtUp(String((body as { position?: unknown }).position ?? '0'));
    handlers.state({ kind: 'live' });
    return undefined;
  }
  if (name === 'overflow' || name === 'interrupted')
    return String((body as { detail?: unknown }).detail ?? name);
  if (id === undefined || typeof body !== 'object' || body === null) return undefined;
  handlers.event(body as FeedEvent);
  held(id);
  return undefined;
}

async function refused(response: Response): Promise<Outcome> {
  let problem: Problem | undefined;
  try {
    problem = (await response.json()) as Problem;
  } catch {
    problem = undefined;
  }
  const reason = explain(response.status, SUBSCRIPTION, problem);
  // Keys and bad requests do not fix themselves by waiting; an unavailable store does.
  const fatal =
    response.status >= 400 &&
    response.status < 500 &&
    response.status !== 408 &&
    response.status !== 429;
  return { fatal, reason };
}

function parseJson(data: string): unknown {
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return undefined;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
