import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { withHashChain } from '@ledger/audit';
import { type EventStore } from '@ledger/event-store';
import { newApiKey } from '../../../apps/ledger-api/src/auth';
import { UNREACHABLE_RATE_LIMIT } from '../../../apps/ledger-api/src/auth/testing/test-keys';
import { startTestLedger } from '../../support/test-ledger';

/** The name of the key the helpers send: the actor of every event these tests record. */
export const TEST_ACTOR = 'test-admin';
/** The token of each running test ledger by URL, for helpers that get only the URL (runSeed). */
const tokens = new Map<string, string>();

export function tokenFor(url: string): string | undefined {
  return tokens.get(url);
}

/** A ledger API listening on 127.0.0.1 with a random port, over a real store. */
export interface TestLedger {
  readonly url: string;
  readonly store: EventStore;
  readonly app: NestFastifyApplication;
  /** An admin key's token; `post` sends it unless given another Authorization header. */
  readonly token: string;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Wraps or replaces the store (fault injection); defaults to the plain store. */
  readonly wrapStore?: (store: EventStore) => EventStore;
  /** A real SQLite file in a temp dir instead of the memory store. */
  readonly sqlite?: boolean;
}

export async function startLedger(options: StartOptions = {}): Promise<TestLedger> {
  const key = newApiKey(TEST_ACTOR, ['admin']);
  const ledger = await startTestLedger({
    store: options.sqlite ? 'sqlite' : 'memory',
    ...(options.wrapStore ? { wrapStore: options.wrapStore } : {}),
    // No background checkpoints: these tests compare the log with what the commands appended.
    config: { LEDGER_CHECKPOINTER: 'off' },
    auth: { apiKeys: [key.record], rateLimit: UNREACHABLE_RATE_LIMIT },
  });
  const { url } = ledger;
  tokens.set(url, key.token);
  return {
    url,
    // Read and written as the ledger does, through the hash chain (audit fields hidden from reads).
    store: withHashChain(ledger.store),
    app: ledger.app,
    token: key.token,
    async close() {
      tokens.delete(url);
      await ledger.close();
    },
  };
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed JSON body (problem+json on errors). */
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- assertions read arbitrary fields
}

export async function post(
  ledger: { url: string; token?: string },
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const auth: Record<string, string> = ledger.token
    ? { authorization: `Bearer ${ledger.token}` }
    : {};
  const response = await fetch(`${ledger.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? undefined : JSON.parse(text),
  };
}

/** The types of the events a command answer lists, in order. */
export function eventTypes(answer: Answer): string[] {
  return (answer.body.events as { type: string }[]).map((e) => e.type);
}

/** The ids of the events a command answer lists, in order. */
export function eventIds(answer: Answer): string[] {
  return (answer.body.events as { id: string }[]).map((e) => e.id);
}
