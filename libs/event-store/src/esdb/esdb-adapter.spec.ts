import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { status } from '@grpc/grpc-js';
import { DuplicateEventIdError, StoreUnavailableError, WrongExpectedVersionError } from '../errors';
import type { EventStore, EventToAppend } from '../port';
import { Recording } from '../testing/contract-support';
import { toPortError } from './esdb-errors';
import { createEsdbEventStore } from './index';
import { type EsdbDouble, startEsdbDouble } from './testing/esdb-double';

/**
 * What the contract cannot see: EventStoreDB's system events, a server that drops
 * subscriptions, a server that goes away and comes back, and the client's raw errors.
 * Everything runs over real gRPC on 127.0.0.1 against the wire double.
 */

const TIMEOUT_MS = 5000;
const tag = (): string => `ad${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const anEvent = (type = 'FigureReported', data: EventToAppend['data'] = {}): EventToAppend => ({
  id: randomUUID(),
  type,
  data,
});

function systemEvent(double: EsdbDouble, stream: string, type: string): void {
  const data = Buffer.from('{}');
  double.log.append(stream, { kind: 'any' }, [
    { id: randomUUID(), type, contentType: 'application/json', data, metadata: Buffer.alloc(0) },
  ]);
}

describe('esdb adapter over the wire double', () => {
  let double: EsdbDouble;
  let store: EventStore;
  const recordings: Recording[] = [];
  const record = (recording: Recording): Recording => (recordings.push(recording), recording);

  beforeAll(async () => {
    double = await startEsdbDouble();
    store = createEsdbEventStore({
      connectionString: double.connectionString,
      resubscribe: { firstDelayMs: 20, maxDelayMs: 200 },
    });
  });
  afterEach(() => recordings.splice(0).forEach((r) => r.stop()));
  afterAll(async () => {
    await store.close();
    await double.stop();
  });

  it('keeps system events out of $all reads, the head position and subscriptions', async () => {
    const t = tag();
    const before = await store.appendToStream(`${t}-claims`, [anEvent()]);
    const written = await store.appendToStream(`${t}-claims`, [anEvent()]);
    systemEvent(double, '$stats-127.0.0.1:2113', '$statsCollected');
    systemEvent(double, `$ce-${t}`, '$>');
    const recording = record(
      new Recording(store.subscribeToAll({ from: { after: before.position } }), TIMEOUT_MS),
    );
    await recording.waitForCaughtUp();

    expect(await store.headPosition()).toBe(written.position);
    expect(
      (await store.readAll({ direction: 'backwards', maxCount: 1 })).map((e) => e.position),
    ).toEqual([written.position]);
    expect(recording.events.map((e) => e.position)).toEqual([written.position]);
    expect(recording.caughtUpPosition).toBe(written.position);
  });

  it('refuses a retry that reuses ids for different events with DuplicateEventIdError, writing nothing', async () => {
    const stream = `${tag()}-transfer`;
    const original = anEvent('TransferReported', { bodies: 1245 });
    await store.appendToStream(stream, [original], { expectedRevision: 'no_stream' });
    const altered = { ...original, data: { bodies: 1248 } };
    await expect(
      store.appendToStream(stream, [altered], { expectedRevision: 'no_stream' }),
    ).rejects.toBeInstanceOf(DuplicateEventIdError);
    await expect(
      store.appendToStream(stream, [original, anEvent()], { expectedRevision: 'any' }),
    ).rejects.toBeInstanceOf(DuplicateEventIdError);
    expect((await store.readStream(stream)).map((e) => e.data)).toEqual([{ bodies: 1245 }]);
  });

  it.each([
    ['cancels it', status.CANCELLED],
    ['fails it as unavailable', status.UNAVAILABLE],
    ['ends it cleanly', status.OK],
  ])(
    'resumes an $all subscription the server %s, after the last event delivered',
    async (_how, code) => {
      const t = tag();
      const recording = record(
        new Recording(store.subscribeToAll({ filter: { streamPrefixes: [t] } }), TIMEOUT_MS),
      );
      const before = [anEvent(), anEvent()];
      await store.appendToStream(`${t}-a`, before);
      await recording.waitForIds(before.map((e) => e.id));
      expect(double.dropSubscriptions(code, 'dropped by the test')).toBeGreaterThan(0);
      const after = [anEvent(), anEvent(), anEvent()];
      await store.appendToStream(`${t}-a`, after);
      await recording.waitForIds(after.map((e) => e.id));

      expect(recording.events.map((e) => e.id)).toEqual([...before, ...after].map((e) => e.id));
      expect(recording.caughtUpCount).toBe(1);
    },
  );

  it('resumes a stream subscription the server cancels, after the last revision delivered', async () => {
    const stream = `${tag()}-phase`;
    await store.appendToStream(stream, [anEvent(), anEvent()]);
    const recording = record(
      new Recording(store.subscribeToStream(stream, { from: { afterRevision: 0n } }), TIMEOUT_MS),
    );
    await recording.waitForEventCount(1);
    double.dropSubscriptions(status.CANCELLED);
    await store.appendToStream(stream, [anEvent()]);
    await recording.waitForEventCount(2);
    expect(recording.events.map((e) => e.revision)).toEqual([1n, 2n]);
  });

  it("subscribes from 'end' to what is appended afterwards only", async () => {
    const stream = `${tag()}-offer`;
    await store.appendToStream(stream, [anEvent()]);
    const all = record(
      new Recording(
        store.subscribeToAll({ from: 'end', filter: { streamPrefixes: [stream] } }),
        TIMEOUT_MS,
      ),
    );
    const one = record(new Recording(store.subscribeToStream(stream, { from: 'end' }), TIMEOUT_MS));
    await Promise.all([all.waitForCaughtUp(), one.waitForCaughtUp()]);
    const next = anEvent();
    await store.appendToStream(stream, [next]);
    await Promise.all([all.waitForIds([next.id]), one.waitForIds([next.id])]);
    expect(all.events.map((e) => e.id)).toEqual([next.id]);
    expect(one.events.map((e) => e.revision)).toEqual([1n]);
  });

  it('subscribes with event types and stream prefixes as alternatives (the server can filter on only one)', async () => {
    const t = tag();
    const other = tag();
    const filter = { eventTypes: [`${t}Signed`], streamPrefixes: [other] };
    const recording = record(new Recording(store.subscribeToAll({ filter }), TIMEOUT_MS));
    await recording.waitForCaughtUp();
    const signed = anEvent(`${t}Signed`);
    const inOther = anEvent('Unrelated');
    await store.appendToStream(`${t}-x`, [
      anEvent(`${t}SignedLater`),
      signed,
      anEvent('Unrelated'),
    ]);
    await store.appendToStream(`${other}-y`, [inOther]);
    await recording.waitForIds([signed.id, inOther.id]);
    expect(recording.events.map((e) => e.id)).toEqual([signed.id, inOther.id]);
  });

  it('reports a position the store never wrote as a RangeError, for reads and subscriptions', async () => {
    const written = await store.appendToStream(`${tag()}-claims`, [anEvent()]);
    const inside = written.position + 1n;
    await expect(store.readAll({ fromPosition: inside })).rejects.toBeInstanceOf(RangeError);
    const recording = record(
      new Recording(store.subscribeToAll({ from: { after: inside } }), TIMEOUT_MS),
    );
    expect(await recording.waitForError()).toBeInstanceOf(RangeError);
  });

  it('maps the raw gRPC UNAVAILABLE the client throws after a reconnect to StoreUnavailableError', () => {
    const raw = Object.assign(new Error('14 UNAVAILABLE: No connection established'), {
      code: 14,
      details: 'No connection established',
    });
    expect(toPortError(raw)).toBeInstanceOf(StoreUnavailableError);
    expect(
      toPortError(
        Object.assign(new Error('1 CANCELLED: Cancelled on client'), {
          code: 1,
          details: 'Cancelled on client',
        }),
      ),
    ).not.toBeInstanceOf(StoreUnavailableError);
  });
});

describe('esdb adapter over Streams.Append (a server that does not offer BatchAppend)', () => {
  it('appends, answers wrong expected versions and recognises retries the same way', async () => {
    const double = await startEsdbDouble({ batchAppend: false });
    const store = createEsdbEventStore({ connectionString: double.connectionString });
    const stream = `${tag()}-claims`;
    const batch = [anEvent(), anEvent()];
    const first = await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
    const retry = await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
    const refused = await store
      .appendToStream(stream, [anEvent()], { expectedRevision: 0n })
      .catch((e: unknown) => e);
    await store.close();
    await double.stop();
    expect(double.calls.get('Streams.Append')).toBe(3);
    expect(double.calls.get('Streams.BatchAppend')).toBeUndefined();
    expect(retry).toEqual(first);
    expect(refused).toBeInstanceOf(WrongExpectedVersionError);
    expect(refused).toMatchObject({ stream, expected: 0n, actual: 1n });
  });
});

describe('esdb adapter when the server goes away', () => {
  it('fails fast with StoreUnavailableError while it is down and works again once it is back on its port', async () => {
    const dataFile = join(mkdtempSync(join(tmpdir(), 'esdb-outage-')), 'log.jsonl');
    const first = await startEsdbDouble({ dataFile });
    const store = createEsdbEventStore({ connectionString: first.connectionString });
    const stream = `${tag()}-outage`;
    await store.appendToStream(stream, [anEvent()]);
    const live = new Recording(store.subscribeToStream(stream), TIMEOUT_MS);
    await live.waitForEventCount(1);
    await first.stop();

    const started = Date.now();
    await expect(store.appendToStream(stream, [anEvent()])).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
    await expect(store.readStream(stream)).rejects.toBeInstanceOf(StoreUnavailableError);
    const failedWithinMs = Date.now() - started;

    const second = await startEsdbDouble({ port: first.port, dataFile });
    const after = anEvent();
    await store.appendToStream(stream, [after]);
    await live.waitForIds([after.id]);
    live.stop();
    await store.close();
    await second.stop();
    rmSync(dirname(dataFile), { recursive: true, force: true });
    expect(failedWithinMs).toBeLessThan(1000);
  });

  it('ends live subscriptions with StoreUnavailableError when the store is closed', async () => {
    const double = await startEsdbDouble();
    const store = createEsdbEventStore({ connectionString: double.connectionString });
    const recording = new Recording(store.subscribeToAll(), TIMEOUT_MS);
    await recording.waitForCaughtUp();
    await store.close();
    expect(await recording.waitForError()).toBeInstanceOf(StoreUnavailableError);
    expect(await new Recording(store.subscribeToAll(), TIMEOUT_MS).waitForError()).toBeInstanceOf(
      StoreUnavailableError,
    );
    await double.stop();
  });
});
