import { withHashChain } from '@ledger/audit';
import { UNREACHABLE_RATE_LIMIT } from '../../../apps/ledger-api/src/auth/testing/test-keys';
import { type Answer, call } from '../../support/http';
import {
  apiKeys,
  type RunningTestLedger,
  startTestLedger,
  type TestLedgerOptions,
} from '../../support/test-ledger';

export type { Answer } from '../../support/http';

/** The name of the key the helpers send: the actor of every event these tests record. */
export const TEST_ACTOR = 'test-admin';

/**
 * A ledger with one admin key (`post` sends it) whose `store` is read and written as the ledger
 * does, through the hash chain (audit fields hidden from reads).
 */
export type TestLedger = RunningTestLedger<'admin'>;

/** No background checkpoints: these tests compare the log with what the commands appended. */
export const startLedger = (
  options: Pick<TestLedgerOptions, 'store' | 'wrapStore'> = {},
): Promise<TestLedger> =>
  startTestLedger({
    ...options,
    config: { LEDGER_CHECKPOINTER: 'off' },
    keys: apiKeys({ admin: { name: TEST_ACTOR, roles: ['admin'] } }),
    auth: { rateLimit: UNREACHABLE_RATE_LIMIT },
  }).then((ledger) => ({ ...ledger, store: withHashChain(ledger.store) }));

/** A command, with the ledger's admin key unless given another Authorization header. */
export const post = (
  ledger: { readonly url: string; readonly tokens?: { readonly admin?: string } },
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> =>
  call(ledger.url, 'POST', path, { token: ledger.tokens?.admin, headers, body });

/** The types of the events a command answer lists, in order. */
export function eventTypes(answer: Answer): string[] {
  return (answer.body.events as { type: string }[]).map((e) => e.type);
}

/** The ids of the events a command answer lists, in order. */
export function eventIds(answer: Answer): string[] {
  return (answer.body.events as { id: string }[]).map((e) => e.id);
}
