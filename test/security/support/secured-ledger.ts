import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type EventStore } from '@ledger/event-store';
import type { AuthOptions } from '../../../apps/ledger-api/src/auth';
import {
  testAuthOptions,
  testKeys,
  type TestKeys,
} from '../../../apps/ledger-api/src/auth/testing/test-keys';
import { startTestLedger } from '../../support/test-ledger';

/** A ledger API on 127.0.0.1 (random port) with one test key per role. */
export interface SecuredLedger {
  readonly url: string;
  readonly app: NestFastifyApplication;
  readonly store: EventStore;
  readonly keys: TestKeys;
  readonly dataDir: string;
  close(): Promise<void>;
}

export interface SecuredLedgerOptions {
  readonly sqlite?: boolean;
  /** Replaces the test keys' settings (e.g. a small rate limit, CORS origins). */
  readonly auth?: AuthOptions;
}

export async function startSecuredLedger(
  options: SecuredLedgerOptions = {},
): Promise<SecuredLedger> {
  const keys = testKeys();
  const ledger = await startTestLedger({
    store: options.sqlite ? 'sqlite' : 'memory',
    auth: testAuthOptions(keys, options.auth),
  });
  const { url, app, store, dataDir } = ledger;
  return { url, app, store, keys, dataDir, close: () => ledger.close() };
}

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- assertions read arbitrary fields
}

/**
 * One request: the status and headers, and the body read within `bodyMs` of the start (an event
 * stream is not read: it never ends on its own); then the connection is cut.
 */
export async function send(url: string, init: RequestInit = {}, bodyMs = 2_000): Promise<Reply> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), bodyMs);
  const response = await fetch(url, { ...init, signal: controller.signal });
  let text = '';
  try {
    text = response.headers.get('content-type')?.startsWith('text/event-stream')
      ? ''
      : await response.text();
  } catch {
    text = '';
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}
