import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  END,
  EventStoreDBClient,
  eventTypeFilter,
  jsonEvent,
  type Position,
  type ResolvedEvent,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { type EsdbDouble, startEsdbDouble } from './esdb-double';

/**
 * The double speaks the protocol as the unmodified client expects it: these tests drive it with
 * @eventstore/db-client itself, over real gRPC on 127.0.0.1.
 */

async function collect(source: AsyncIterable<ResolvedEvent>): Promise<ResolvedEvent[]> {
  const out: ResolvedEvent[] = [];
  for await (const resolved of source) out.push(resolved);
  return out;
}

function event(type: string, data: Record<string, string | number> = {}) {
  return jsonEvent({ id: randomUUID(), type, data, metadata: { source: 'spec' } });
}

describe.each([
  ['BatchAppend', true],
  ['Append', false],
])('EventStoreDB wire double, appends over Streams.%s', (_name, batchAppend) => {
  let double: EsdbDouble;
  let client: EventStoreDBClient;

  beforeAll(async () => {
    double = await startEsdbDouble({ batchAppend });
    client = EventStoreDBClient.connectionString(double.connectionString);
  });
  afterAll(async () => {
    await client.dispose();
    await double.stop();
  });

  it('appends and reads a stream back with revisions, positions, metadata and created time', async () => {
    const stream = `deal-${randomUUID()}`;
    const before = Date.now();
    const result = await client.appendToStream(stream, [
      event('AgreementSigned', { n: 1 }),
      event('TransferReported', { bodies: 1245 }),
    ]);
    const read = await collect(client.readStream(stream));
    expect(result.nextExpectedRevision).toBe(1n);
    expect(read.map((r) => [r.event?.type, r.event?.revision])).toEqual([
      ['AgreementSigned', 0n],
      ['TransferReported', 1n],
    ]);
    expect(read[1]?.event?.data).toEqual({ bodies: 1245 });
    expect(read[1]?.event?.metadata).toEqual({ source: 'spec' });
    expect(read[1]?.event?.position?.commit).toBe(result.position?.commit);
    expect(read[0]!.event!.position!.commit).toBeLessThan(read[1]!.event!.position!.commit);
    expect(read[0]!.event!.created.getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(read[0]!.event!.created.getTime()).toBeLessThanOrEqual(Date.now());
    expect(
      double.calls.get(batchAppend ? 'Streams.BatchAppend' : 'Streams.Append'),
    ).toBeGreaterThan(0);
  });

  it('answers a wrong expected revision inside the append response', async () => {
    const stream = `deal-${randomUUID()}`;
    await client.appendToStream(stream, event('AgreementSigned'));
    const failure = await client
      .appendToStream(stream, event('AgreementSigned'), { expectedRevision: 'no_stream' })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(WrongExpectedVersionError);
    expect((failure as WrongExpectedVersionError).actualVersion).toBe(0n);
    expect((failure as WrongExpectedVersionError).expectedVersion).toBe('no_stream');
    const missing = await client
      .appendToStream(`none-${randomUUID()}`, event('X'), { expectedRevision: 3n })
      .catch((e: unknown) => e);
    expect((missing as WrongExpectedVersionError).actualVersion).toBe('no_stream');
  });

  it('recognises a retried append by its event ids', async () => {
    const stream = `deal-${randomUUID()}`;
    const events = [event('A'), event('B')];
    const first = await client.appendToStream(stream, events, { expectedRevision: 'no_stream' });
    const retry = await client.appendToStream(stream, events, { expectedRevision: 'no_stream' });
    expect(retry.nextExpectedRevision).toBe(first.nextExpectedRevision);
    expect(await collect(client.readStream(stream))).toHaveLength(2);
  });
});

describe('EventStoreDB wire double, reads and subscriptions', () => {
  let double: EsdbDouble;
  let client: EventStoreDBClient;

  beforeAll(async () => {
    double = await startEsdbDouble();
    client = EventStoreDBClient.connectionString(double.connectionString);
  });
  afterAll(async () => {
    await client.dispose();
    await double.stop();
  });

  it('reports a missing stream as StreamNotFound', async () => {
    await expect(collect(client.readStream(`missing-${randomUUID()}`))).rejects.toBeInstanceOf(
      StreamNotFoundError,
    );
  });

  it('reads a stream from a revision in both directions with a max count', async () => {
    const stream = `deal-${randomUUID()}`;
    await client.appendToStream(stream, [event('A'), event('B'), event('C'), event('D')]);
    const forwards = await collect(client.readStream(stream, { fromRevision: 1n, maxCount: 2 }));
    const backwards = await collect(
      client.readStream(stream, { fromRevision: 2n, direction: 'backwards', maxCount: 2 }),
    );
    const fromEnd = await collect(
      client.readStream(stream, { fromRevision: END, direction: 'backwards', maxCount: 1 }),
    );
    expect(forwards.map((r) => r.event?.type)).toEqual(['B', 'C']);
    expect(backwards.map((r) => r.event?.type)).toEqual(['C', 'B']);
    expect(fromEnd.map((r) => r.event?.type)).toEqual(['D']);
  });

  it('holds system events in $all, and reads $all forwards inclusively and backwards before a position', async () => {
    const all = await collect(client.readAll({ fromPosition: START, maxCount: 1000 }));
    expect(all.some((r) => r.event?.type.startsWith('$'))).toBe(true);
    const stream = `deal-${randomUUID()}`;
    await client.appendToStream(stream, [event('A'), event('B'), event('C')]);
    const mine = (
      await collect(client.readAll({ fromPosition: END, direction: 'backwards', maxCount: 3 }))
    ).reverse();
    const second = mine[1]!.event!.position!;
    const forwards = await collect(client.readAll({ fromPosition: second, maxCount: 5 }));
    const backwards = await collect(
      client.readAll({ fromPosition: second, direction: 'backwards', maxCount: 1 }),
    );
    expect(forwards.map((r) => r.event?.type)).toEqual(['B', 'C']);
    expect(backwards.map((r) => r.event?.type)).toEqual(['A']);
  });

  it('subscribes to $all after a position: confirmation, catch-up, caughtUp, checkpoints, then live', async () => {
    const stream = `deal-${randomUUID()}`;
    await client.appendToStream(stream, [event('Skipped'), event('Caught')]);
    const [skipped] = await collect(client.readStream(stream, { maxCount: 1 }));
    const from: Position = skipped!.event!.position!;
    const checkpoints: Position[] = [];
    const filter = eventTypeFilter({
      prefixes: ['Caught', 'Live'],
      checkpointReached: (_s, p) => void checkpoints.push(p),
    });
    const subscription = client.subscribeToAll({ fromPosition: from, filter });
    const seen: string[] = [];
    const caughtUp = new Promise<void>((resolve) => subscription.once('caughtUp', () => resolve()));
    subscription.on('data', (r: ResolvedEvent) => seen.push(r.event!.type));
    await caughtUp;
    await client.appendToStream(stream, [event('Ignored'), event('Live')]);
    await waitFor(() => seen.length === 2);
    await subscription.unsubscribe();
    expect(seen).toEqual(['Caught', 'Live']);
    expect(checkpoints.length).toBeGreaterThan(0);
  });

  it('refuses to read or subscribe to $all from a position that is not a record boundary', async () => {
    const written = await client.appendToStream(`deal-${randomUUID()}`, event('A'));
    const inside = {
      commit: written.position!.commit + 1n,
      prepare: written.position!.commit + 1n,
    };
    const read = collect(client.readAll({ fromPosition: inside, maxCount: 1 }));
    await expect(read).rejects.toThrow('invalid position');
    const subscription = client.subscribeToAll({ fromPosition: inside });
    const failure = await new Promise<Error>((resolve) => subscription.once('error', resolve));
    expect(failure.message).toContain('invalid position');
  });

  it('subscribes to a stream after a revision, exclusively', async () => {
    const stream = `deal-${randomUUID()}`;
    await client.appendToStream(stream, [event('A'), event('B')]);
    const subscription = client.subscribeToStream(stream, { fromRevision: 0n });
    const seen: string[] = [];
    subscription.on('data', (r: ResolvedEvent) => seen.push(r.event!.type));
    await client.appendToStream(stream, event('C'));
    await waitFor(() => seen.length === 2);
    await subscription.unsubscribe();
    expect(seen).toEqual(['B', 'C']);
  });
});

describe('EventStoreDB wire double, persistence', () => {
  const dir = mkdtempSync(join(tmpdir(), 'esdb-double-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('restarts from its data file with every acknowledged event and later positions', async () => {
    const dataFile = join(dir, 'log.jsonl');
    const first = await startEsdbDouble({ dataFile });
    const client = EventStoreDBClient.connectionString(first.connectionString);
    const stream = `deal-${randomUUID()}`;
    const written = await client.appendToStream(stream, [event('A'), event('B')]);
    await client.dispose();
    await first.stop();

    const second = await startEsdbDouble({ dataFile, port: first.port });
    const again = EventStoreDBClient.connectionString(second.connectionString);
    const read = await collect(again.readStream(stream));
    const next = await again.appendToStream(stream, event('C'));
    await again.dispose();
    await second.stop();
    expect(read.map((r) => r.event?.type)).toEqual(['A', 'B']);
    expect(next.position!.commit).toBeGreaterThan(written.position!.commit);
    expect(second.log.all.filter((e) => e.type.startsWith('$'))).toHaveLength(
      first.log.all.filter((e) => e.type.startsWith('$')).length,
    );
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
