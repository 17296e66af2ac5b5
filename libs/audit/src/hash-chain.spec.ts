import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  createMemoryEventStore,
  createSqliteEventStore,
  DuplicateEventIdError,
  type EventStore,
  InvalidAppendError,
  WrongExpectedVersionError,
} from '@ledger/event-store';
import { describeEventStoreContract } from '../../event-store/src/testing/contract';
import { firstValueFrom, filter, take, toArray } from 'rxjs';
import { AuditTrailError } from './errors';
import { eventHash, GENESIS_HASH, readAuditFields } from './event-hash';
import { auditView, isHashChained, withHashChain } from './hash-chain';

const dirs: string[] = [];
function sqliteFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-chain-'));
  dirs.push(dir);
  return join(dir, 'ledger.db');
}
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describeEventStoreContract('memory with hash chain', async () =>
  withHashChain(createMemoryEventStore()),
);
describeEventStoreContract('sqlite with hash chain', async () =>
  withHashChain(createSqliteEventStore({ file: sqliteFile() })),
);

const event = (n: number, metadata?: Record<string, string>) => ({
  id: randomUUID(),
  type: 'TransferReported',
  data: { n },
  ...(metadata ? { metadata } : {}),
});

/** Every event of the stream chains to its predecessor and hashes to its recorded hash. */
async function expectIntactChain(store: EventStore, stream: string, length: number): Promise<void> {
  const events = await auditView(store).readStream(stream);
  expect(events.map((e) => e.revision)).toEqual(Array.from({ length }, (_, i) => BigInt(i)));
  let prev = GENESIS_HASH;
  for (const recorded of events) {
    const audit = readAuditFields(recorded.metadata);
    if (!audit.ok) throw new Error(audit.problem);
    expect(audit.fields.prevHash).toBe(prev);
    expect(audit.fields.hash).toBe(eventHash(recorded, prev));
    prev = audit.fields.hash;
  }
}

describe.each([
  ['memory', () => createMemoryEventStore()],
  ['sqlite', () => createSqliteEventStore({ file: sqliteFile() })],
])('withHashChain over %s', (_name, open) => {
  let raw: EventStore;
  let store: EventStore;
  beforeEach(() => {
    raw = open();
    store = withHashChain(raw);
  });
  afterEach(() => store.close());

  it('chains every event of a stream across batches, and hides the fields from ordinary readers', async () => {
    await store.appendToStream('claim-1', [event(1, { actor: 'desk-1' }), event(2)], {
      expectedRevision: 'no_stream',
    });
    await store.appendToStream('claim-1', [event(3)], { expectedRevision: 1n });
    await store.appendToStream('claim-1', [event(4)]);
    await expectIntactChain(store, 'claim-1', 4);
    expect((await store.readStream('claim-1')).map((e) => e.metadata)).toEqual([
      { actor: 'desk-1' },
      {},
      {},
      {},
    ]);
    expect((await store.readAll()).every((e) => !('audit' in e.metadata))).toBe(true);
    const viaRaw = await raw.readStream('claim-1');
    expect(viaRaw[0]?.metadata).toMatchObject({
      actor: 'desk-1',
      audit: { alg: 'sha256-jcs-v1', prevHash: GENESIS_HASH },
    });
  });

  it('hides the fields from subscribers too', async () => {
    await store.appendToStream('claim-2', [event(1, { actor: 'desk-2' })]);
    const delivered = await firstValueFrom(
      store.subscribeToAll().pipe(
        filter((m) => m.kind === 'event'),
        take(1),
        toArray(),
      ),
    );
    expect(delivered[0]?.kind === 'event' && delivered[0].event.metadata).toEqual({
      actor: 'desk-2',
    });
  });

  it("keeps the chain intact when 10 writers append under 'any' to one stream at once", async () => {
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        store.appendToStream('contested', [event(i), event(i + 100)]),
      ),
    );
    await expectIntactChain(store, 'contested', 20);
  });

  it('keeps the chain intact when two decorated stores over one sqlite file race', async () => {
    if (raw.kind !== 'sqlite') return;
    const file = sqliteFile();
    const a = withHashChain(createSqliteEventStore({ file }));
    const b = withHashChain(createSqliteEventStore({ file }));
    try {
      await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          (i % 2 === 0 ? a : b).appendToStream('shared', [event(i)]),
        ),
      );
      await expectIntactChain(a, 'shared', 8);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('refuses metadata.audit from a writer, and non-canonicalisable data, with InvalidAppendError', async () => {
    const forged = {
      ...event(1),
      metadata: { audit: { alg: 'sha256-jcs-v1', prevHash: GENESIS_HASH, hash: GENESIS_HASH } },
    };
    await expect(store.appendToStream('claim-3', [forged])).rejects.toBeInstanceOf(
      InvalidAppendError,
    );
    await expect(
      store.appendToStream('claim-3', [{ ...event(1), data: { text: 'lone \ud800' } }]),
    ).rejects.toThrow(/lone surrogate/);
    await expect(store.readStream('claim-3')).rejects.toThrow(/not found/);
  });

  it('answers a reused id in another stream or with other content with DuplicateEventIdError', async () => {
    const first = event(1);
    await store.appendToStream('claim-4', [first]);
    await expect(store.appendToStream('claim-5', [first])).rejects.toBeInstanceOf(
      DuplicateEventIdError,
    );
    await expect(
      store.appendToStream('claim-4', [{ ...first, data: { n: 2 } }]),
    ).rejects.toBeInstanceOf(DuplicateEventIdError);
  });

  it('answers a retry at a revision that disagrees with where the events are with WrongExpectedVersionError', async () => {
    const batch = [event(1), event(2)];
    await store.appendToStream('claim-6', [event(0)]);
    await store.appendToStream('claim-6', batch, { expectedRevision: 0n });
    await store.appendToStream('claim-6', [event(3)]);
    await expect(
      store.appendToStream('claim-6', batch, { expectedRevision: 3n }),
    ).rejects.toMatchObject({
      constructor: WrongExpectedVersionError,
      expected: 3n,
      actual: 3n,
    });
    await expect(
      store.appendToStream('claim-6', batch, { expectedRevision: 'no_stream' }),
    ).rejects.toBeInstanceOf(WrongExpectedVersionError);
    expect(
      await store.appendToStream('claim-6', batch, { expectedRevision: 'stream_exists' }),
    ).toMatchObject({
      nextExpectedRevision: 2n,
    });
  });

  it("recognises an 'any' retry whose events lie further back than the tail it looks at", async () => {
    const batch = [event(1), event(2)];
    const original = await store.appendToStream('claim-7', batch);
    await store.appendToStream(
      'claim-7',
      Array.from({ length: 40 }, (_, i) => event(i)),
    );
    expect(await store.appendToStream('claim-7', batch)).toEqual(original);
    expect(await store.appendToStream('claim-7', batch, { expectedRevision: 'no_stream' })).toEqual(
      original,
    );
    await expectIntactChain(store, 'claim-7', 42);
  });

  it('refuses to extend a stream whose last event was written without the chain', async () => {
    await raw.appendToStream('legacy', [event(1)]);
    await expect(store.appendToStream('legacy', [event(2)])).rejects.toBeInstanceOf(
      AuditTrailError,
    );
  });

  it('is not applied twice and exposes the audited store', () => {
    expect(isHashChained(store)).toBe(true);
    expect(isHashChained(raw)).toBe(false);
    expect(withHashChain(store)).toBe(store);
    expect(auditView(store)).toBe(raw);
    expect(store.kind).toBe(raw.kind);
  });
});
