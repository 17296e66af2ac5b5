import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withHashChain } from '@ledger/audit';
import { createSqliteEventStore, type EventStore } from '@ledger/event-store';
import { MAX_RETRIES } from '../../apps/ledger-api/src/commands/shared/decide-and-append';
import { post, startLedger, type TestLedger } from './support/ledger-server';
import { enter, STATED, sourcesAndAgreement } from './support/scenario';
import { hookedStore } from './support/store-wrapper';

const offer = {
  offerId: 'ru-2239',
  agreementId: 'istanbul-2025',
  by: 'russia',
  to: 'ukraine',
  sourceId: 'ru-mod',
  measure: 'bodies',
  quantity: { value: 2239, precision: 'exact' },
  beyondAgreement: true,
  statedAt: STATED,
};
const revision = (value: number, reason = 'the command under test') => ({
  sourceId: 'ru-mod',
  quantity: { value, precision: 'exact' },
  reason,
  statedAt: STATED,
});

/** A rival writer's revision of the offer, appended straight to the store. */
function rivalRevision(store: EventStore, n: number): Promise<unknown> {
  const data = {
    offerId: 'ru-2239',
    sourceId: 'ru-mod',
    previousQuantity: { value: 2239, precision: 'exact' },
    quantity: { value: 3000 + n, precision: 'exact' },
    reason: `rival ${n}`,
    statedAt: '2025-06-18T09:00:00.000Z',
  };
  return store.appendToStream(
    'offer-ru-2239',
    [
      {
        id: randomUUID(),
        type: 'OfferRevised',
        data,
        metadata: { actor: 'rival', schemaVersion: 1 },
      },
    ],
    { expectedRevision: 'any' },
  );
}

/** A ledger whose offer stream gets a rival append between every load and append of the command, `rivals` times. */
async function ledgerWithRivals(
  rivals: number,
): Promise<{ ledger: TestLedger; injected: () => number }> {
  let raw: EventStore | undefined;
  let armed = false;
  let injected = 0;
  const ledger = await startLedger({
    wrapStore: (store) => {
      raw = store;
      return hookedStore(store, {
        beforeAppend: async (stream) => {
          if (!armed || stream !== 'offer-ru-2239' || injected >= rivals) return;
          injected += 1;
          // Through the hash chain, as every writer of the ledger appends.
          await rivalRevision(withHashChain(raw!), injected);
        },
      });
    },
  });
  await enter(ledger, [...sourcesAndAgreement(), { method: 'POST', path: '/offers', body: offer }]);
  armed = true;
  return { ledger, injected: () => injected };
}

describe('the concurrency path', () => {
  it(`retries after a lost race and succeeds on the reloaded stream`, async () => {
    const { ledger, injected } = await ledgerWithRivals(1);
    try {
      const res = await post(ledger, '/offers/ru-2239/revisions', revision(2500));
      expect(res.status).toBe(201);
      expect(injected()).toBe(1);
      const stream = await ledger.store.readStream('offer-ru-2239');
      expect(stream.map((e) => e.data.reason)).toEqual([
        undefined,
        'rival 1',
        'the command under test',
      ]);
      expect(stream.at(-1)?.data.previousQuantity).toEqual({ value: 3001, precision: 'exact' });
      expect(res.body).toMatchObject({
        streamRevision: '2',
        position: stream.at(-1)!.position.toString(),
      });
    } finally {
      await ledger.close();
    }
  });

  it(`answers 409 concurrency_conflict after ${MAX_RETRIES} retries all lost, and appends nothing of its own`, async () => {
    const { ledger, injected } = await ledgerWithRivals(Number.MAX_SAFE_INTEGER);
    try {
      const res = await post(ledger, '/offers/ru-2239/revisions', revision(2500));
      expect(res.status).toBe(409);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 409, code: 'concurrency_conflict' });
      // One attempt on the kept fold (lost: decided again on the stream as read, uncounted), then
      // the first attempt on the read stream and MAX_RETRIES retries, every one lost.
      expect(injected()).toBe(MAX_RETRIES + 2);
      const reasons = (await ledger.store.readStream('offer-ru-2239')).map((e) => e.data.reason);
      expect(reasons).not.toContain('the command under test');
      expect(reasons.filter((r) => typeof r === 'string' && r.startsWith('rival'))).toHaveLength(
        MAX_RETRIES + 2,
      );
    } finally {
      await ledger.close();
    }
  });
});

describe('racing retries with one Idempotency-Key', () => {
  it('answers copies sent at once to one server from the first: they wait in its stream queue, then replay', async () => {
    const copies = 4;
    const ledger = await startLedger();
    try {
      await enter(ledger, sourcesAndAgreement());
      const before = await ledger.store.headPosition();
      const answers = await Promise.all(
        Array.from({ length: copies }, () =>
          post(ledger, '/offers', offer, { 'idempotency-key': 'race' }),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(copies).fill(201));
      for (const a of answers) expect(a.body).toEqual(answers[0]!.body);
      expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(
        copies - 1,
      );
      await expect(ledger.store.readAll({ fromPosition: before + 1n })).resolves.toHaveLength(1);
    } finally {
      await ledger.close();
    }
  });

  // Across processes (two servers on one SQLite file) copies can still decide on the same state.
  // Identical copies propose identical events, which the store itself accepts as a retry by their
  // ids (so they answer like the first, without the replay header); copies with their own
  // correlation ids propose other metadata under the same derived ids, which the store refuses,
  // and the ledger finds the first answer on reload (a replay).
  it.each([
    ['identical copies', (_i: number) => ({}), 0],
    [
      'copies with their own correlation ids',
      (i: number) => ({ 'x-correlation-id': `copy-${i}` }),
      1,
    ],
  ])(
    'stores the command once when %s on two servers decided on the same state',
    async (_label, headersOf, replays) => {
      const shared = mkdtempSync(join(tmpdir(), 'ledger-race-'));
      const file = join(shared, 'ledger.db');
      const servers = 2;
      let waiting: (() => void)[] = [];
      let barrierOpen = false;
      // Each server's first load of the offer stream waits until both have loaded: they decide
      // on the same history and race to append.
      const barrier = (stream: string): Promise<void> => {
        if (barrierOpen || stream !== 'offer-ru-2239') return Promise.resolve();
        return new Promise<void>((resolve) => {
          waiting.push(resolve);
          if (waiting.length === servers) {
            barrierOpen = true;
            waiting.forEach((release) => release());
            waiting = [];
          }
        });
      };
      const ledgers = [
        await startLedger({
          wrapStore: () => hookedStore(createSqliteEventStore({ file }), { beforeRead: barrier }),
        }),
        await startLedger({
          wrapStore: () => hookedStore(createSqliteEventStore({ file }), { beforeRead: barrier }),
        }),
      ];
      try {
        await enter(ledgers[0]!, sourcesAndAgreement());
        const before = await ledgers[0]!.store.headPosition();
        const answers = await Promise.all(
          ledgers.map((ledger, i) =>
            post(ledger, '/offers', offer, { 'idempotency-key': 'race', ...headersOf(i) }),
          ),
        );
        expect(answers.map((a) => a.status)).toEqual(Array(servers).fill(201));
        for (const a of answers) expect(a.body).toEqual(answers[0]!.body);
        expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(
          replays,
        );
        await expect(
          ledgers[0]!.store.readAll({ fromPosition: before + 1n }),
        ).resolves.toHaveLength(1);
      } finally {
        for (const ledger of ledgers) await ledger.close();
        rmSync(shared, { recursive: true, force: true });
      }
    },
  );
});

describe('store failures', () => {
  it('answers 503 with Retry-After when the store is closed', async () => {
    const ledger = await startLedger();
    try {
      await ledger.store.close();
      const res = await post(ledger, '/sources', {
        sourceId: 'ewn',
        name: 'EWN',
        kind: 'news_agency',
      });
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.headers.get('retry-after')).toBe('1');
      expect(res.body).toMatchObject({
        status: 503,
        code: 'store_unavailable',
        title: 'Service Unavailable',
      });
    } finally {
      await ledger.close();
    }
  });

  it('answers 500 without internals when the store fails unexpectedly', async () => {
    const ledger = await startLedger({
      wrapStore: (store) =>
        hookedStore(store, {
          beforeRead: () => Promise.reject(new Error('disk on fire at /var/secret')),
        }),
    });
    try {
      const res = await post(ledger, '/sources', {
        sourceId: 'ewn',
        name: 'EWN',
        kind: 'news_agency',
      });
      expect(res.status).toBe(500);
      expect(res.body).toMatchObject({ status: 500, title: 'Internal Server Error' });
      expect(JSON.stringify(res.body)).not.toContain('secret');
    } finally {
      await ledger.close();
    }
  });
});
