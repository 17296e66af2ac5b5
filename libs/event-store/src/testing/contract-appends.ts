import {
  InvalidAppendError,
  StoreUnavailableError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '../errors';
import type { AppendOptions, EventToAppend, JsonObject } from '../port';
import {
  anEvent,
  type ContractContext,
  expectStrictlyIncreasing,
  idsOf,
  rejectionOf,
  someEvents,
  uniqueTag,
} from './contract-support';

export function describeAppendContract(context: ContractContext): void {
  describe('appending', () => {
    context.useStore();
    describeRevisions(context);
    describeExpectedRevisions(context);
    describeIdempotentRetries(context);
    describeConcurrentWriters(context);
    describeInvalidAppends(context);
  });
  describeClosing(context);
}

function describeRevisions(context: ContractContext): void {
  it('gives the first event revision 0n and answers the next expected revision and last position', async () => {
    const stream = `${uniqueTag()}-agreement`;
    const events = [
      anEvent('AgreementSigned', { venue: 'Istanbul' }, { actor: 'desk-1' }),
      anEvent('TermAdded', { kind: 'repatriation', quantity: { value: 6000, precision: 'about' } }),
      anEvent('TermAdded', { nested: [1, 'two', null, true, { deep: [] }] }),
    ];
    const result = await context
      .store()
      .appendToStream(stream, events, { expectedRevision: 'no_stream' });
    const stored = await context.store().readStream(stream);

    expect(result.nextExpectedRevision).toBe(2n);
    expect(stored.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
    expect(stored.map((e) => ({ id: e.id, type: e.type, data: e.data, stream: e.stream }))).toEqual(
      events.map((e) => ({ id: e.id, type: e.type, data: e.data, stream })),
    );
    expect(stored.map((e) => e.metadata)).toEqual([{ actor: 'desk-1' }, {}, {}]);
    expectStrictlyIncreasing(stored.map((e) => e.position));
    expect(stored[2]?.position).toBe(result.position);
    for (const event of stored) expect(event.recordedAt).toBeInstanceOf(Date);
  });

  it('continues revisions across appends, with strictly increasing positions', async () => {
    const stream = `${uniqueTag()}-claims`;
    const first = await context.store().appendToStream(stream, someEvents(2));
    const second = await context.store().appendToStream(stream, someEvents(1));
    const stored = await context.store().readStream(stream);

    expect([first.nextExpectedRevision, second.nextExpectedRevision]).toEqual([1n, 2n]);
    expect(second.position).toBeGreaterThan(first.position);
    expect(stored.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
    expectStrictlyIncreasing(stored.map((e) => e.position));
  });

  it('accepts a stream name and an event type of 200 characters', async () => {
    const stream = `${uniqueTag()}-`.padEnd(200, 's');
    const type = 'T'.padEnd(200, 't');
    await context.store().appendToStream(stream, [anEvent(type)]);
    expect((await context.store().readStream(stream)).map((e) => e.type)).toEqual([type]);
  });
}

async function expectWrongExpectedVersion(
  context: ContractContext,
  stream: string,
  options: AppendOptions,
  actual: bigint | 'no_stream',
): Promise<void> {
  const before = await context
    .store()
    .readStream(stream)
    .catch(() => []);
  const error = await rejectionOf(context.store().appendToStream(stream, someEvents(2), options));
  expect(error).toBeInstanceOf(WrongExpectedVersionError);
  expect(error).toMatchObject({ stream, expected: options.expectedRevision, actual });
  expect((error as Error).message).toContain(stream);
  const after = await context
    .store()
    .readStream(stream)
    .catch(() => []);
  expect(idsOf(after)).toEqual(idsOf(before));
}

function describeExpectedRevisions(context: ContractContext): void {
  it("'no_stream' creates a stream and is refused once the stream exists", async () => {
    const stream = `${uniqueTag()}-source`;
    const result = await context
      .store()
      .appendToStream(stream, [anEvent()], { expectedRevision: 'no_stream' });
    expect(result.nextExpectedRevision).toBe(0n);
    await expectWrongExpectedVersion(context, stream, { expectedRevision: 'no_stream' }, 0n);
  });

  it("'stream_exists' is refused for a missing stream (nothing written) and accepted once it exists", async () => {
    const stream = `${uniqueTag()}-offer`;
    await expectWrongExpectedVersion(
      context,
      stream,
      { expectedRevision: 'stream_exists' },
      'no_stream',
    );
    await expect(context.store().readStream(stream)).rejects.toBeInstanceOf(StreamNotFoundError);
    await context.store().appendToStream(stream, [anEvent()]);
    const result = await context
      .store()
      .appendToStream(stream, [anEvent()], { expectedRevision: 'stream_exists' });
    expect(result.nextExpectedRevision).toBe(1n);
  });

  it("an exact revision must be the stream's last revision; otherwise the error names expected and actual", async () => {
    const stream = `${uniqueTag()}-dispute`;
    await expectWrongExpectedVersion(context, stream, { expectedRevision: 0n }, 'no_stream');
    await context.store().appendToStream(stream, someEvents(2));
    const result = await context
      .store()
      .appendToStream(stream, [anEvent()], { expectedRevision: 1n });
    expect(result.nextExpectedRevision).toBe(2n);
    await expectWrongExpectedVersion(context, stream, { expectedRevision: 1n }, 2n);
    await expectWrongExpectedVersion(context, stream, { expectedRevision: 7n }, 2n);
  });

  it("'any', the default, appends whatever the stream holds", async () => {
    const stream = `${uniqueTag()}-framing`;
    await context.store().appendToStream(stream, [anEvent()], { expectedRevision: 'any' });
    await context.store().appendToStream(stream, [anEvent()]);
    const result = await context
      .store()
      .appendToStream(stream, [anEvent()], { expectedRevision: 'any' });
    expect(result.nextExpectedRevision).toBe(2n);
  });
}

function describeIdempotentRetries(context: ContractContext): void {
  it('a retry of the same events at the same exact revision stores nothing twice and answers the original result', async () => {
    const stream = `${uniqueTag()}-transfer`;
    await context.store().appendToStream(stream, [anEvent()], { expectedRevision: 'no_stream' });
    const batch = someEvents(2);
    const original = await context.store().appendToStream(stream, batch, { expectedRevision: 0n });
    const retry = await context.store().appendToStream(stream, batch, { expectedRevision: 0n });
    await context.store().appendToStream(stream, [anEvent()], { expectedRevision: 2n });
    const lateRetry = await context.store().appendToStream(stream, batch, { expectedRevision: 0n });

    expect(retry).toEqual(original);
    expect(lateRetry).toEqual(original);
    expect((await context.store().readStream(stream)).map((e) => e.revision)).toEqual([
      0n,
      1n,
      2n,
      3n,
    ]);
  });

  it("a retry of a stream's first events with 'no_stream' succeeds and stores nothing twice", async () => {
    const stream = `${uniqueTag()}-term`;
    const batch = someEvents(3);
    const original = await context
      .store()
      .appendToStream(stream, batch, { expectedRevision: 'no_stream' });
    const retry = await context
      .store()
      .appendToStream(stream, batch, { expectedRevision: 'no_stream' });
    expect(retry).toEqual(original);
    expect(idsOf(await context.store().readStream(stream))).toEqual(idsOf(batch));
  });

  it("a retry with 'any' succeeds and stores nothing twice", async () => {
    const stream = `${uniqueTag()}-completion`;
    const batch = someEvents(2);
    const original = await context.store().appendToStream(stream, batch);
    const retry = await context.store().appendToStream(stream, batch, { expectedRevision: 'any' });
    expect(retry).toEqual(original);
    expect(idsOf(await context.store().readStream(stream))).toEqual(idsOf(batch));
  });
}

function describeConcurrentWriters(context: ContractContext): void {
  it('of 20 parallel appends at one revision exactly one wins; the others get WrongExpectedVersionError', async () => {
    const stream = `${uniqueTag()}-contested`;
    await context.store().appendToStream(stream, [anEvent()], { expectedRevision: 'no_stream' });
    const attempts = Array.from({ length: 20 }, () => [anEvent('ClaimRevised')]);
    const outcomes = await Promise.allSettled(
      attempts.map((events) =>
        context.store().appendToStream(stream, events, { expectedRevision: 0n }),
      ),
    );

    const winners = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i] : []));
    expect(winners).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected')
        expect(outcome.reason).toBeInstanceOf(WrongExpectedVersionError);
    }
    const stored = await context.store().readStream(stream);
    expect(stored.map((e) => e.revision)).toEqual([0n, 1n]);
    expect(stored[1]?.id).toBe(attempts[winners[0] as number]?.[0]?.id);
  });

  it('parallel appends to 20 streams all succeed, in strictly increasing positions with non-decreasing recordedAt', async () => {
    const tag = uniqueTag();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        context.store().appendToStream(`${tag}-party-${i}`, someEvents(2)),
      ),
    );
    const all = await context.store().readAll({ filter: { streamPrefixes: [tag] } });

    expect(all).toHaveLength(40);
    expectStrictlyIncreasing(all.map((e) => e.position));
    all.slice(1).forEach((event, i) => {
      expect(event.recordedAt.getTime()).toBeGreaterThanOrEqual(
        (all[i] as (typeof all)[number]).recordedAt.getTime(),
      );
    });
    expect(new Set(results.map((r) => r.position)).size).toBe(20);
    for (const result of results) expect(result.nextExpectedRevision).toBe(1n);
  });
}

/** Each case is a malformed append; the good event placed before a bad one proves nothing is written. */
interface InvalidAppend {
  readonly problem: string;
  readonly stream: string;
  readonly events: readonly EventToAppend[];
  readonly options?: AppendOptions;
}

function invalidAppends(stream: string): InvalidAppend[] {
  const withData = (data: unknown): EventToAppend[] => [
    anEvent(),
    { ...anEvent(), data: data as JsonObject },
  ];
  const cases: [string, string, readonly EventToAppend[], AppendOptions?][] = [
    ['an empty stream name', '', [anEvent()]],
    ['a stream name over 200 characters', stream.padEnd(201, 'x'), [anEvent()]],
    ["a stream name starting with '$'", `$${stream}`, [anEvent()]],
    ['an empty batch', stream, []],
    ['an id that is not a UUID', stream, [anEvent(), { ...anEvent(), id: 'claim-1' }]],
    [
      'the same id twice in the batch',
      stream,
      (([e]) => [e, { ...e, type: 'Other' }])(someEvents(1) as [EventToAppend]),
    ],
    ['an empty type', stream, [anEvent(), anEvent('')]],
    ['a type over 200 characters', stream, [anEvent(), anEvent('T'.padEnd(201, 't'))]],
    ["a type starting with '$'", stream, [anEvent(), anEvent('$metadata')]],
    ['data that is an array', stream, withData([1, 2])],
    ['data that is null', stream, withData(null)],
    ['data that is a string', stream, withData('{"a":1}')],
    ['data holding undefined', stream, withData({ a: undefined })],
    ['data holding NaN', stream, withData({ a: Number.NaN })],
    ['data holding a Date', stream, withData({ at: new Date(0) })],
    ['data holding a bigint', stream, withData({ n: 1n })],
    ['data holding a function', stream, withData({ f: () => 1 })],
    ['data that is a Map', stream, withData(new Map([['a', 1]]))],
    [
      'metadata that is an array',
      stream,
      [anEvent(), { ...anEvent(), metadata: [] as unknown as JsonObject }],
    ],
    ['a negative expected revision', stream, [anEvent()], { expectedRevision: -1n }],
  ];
  return cases.map(([problem, name, events, options]) => ({
    problem,
    stream: name,
    events,
    ...(options ? { options } : {}),
  }));
}

function describeInvalidAppends(context: ContractContext): void {
  const tag = uniqueTag();
  // Objects, not arrays: jest would take a fourth positional parameter for a `done` callback.
  it.each(invalidAppends(`${tag}-invalid`))(
    'refuses $problem with InvalidAppendError and writes nothing',
    async ({ stream, events, options }) => {
      const error = await rejectionOf(context.store().appendToStream(stream, events, options));
      expect(error).toBeInstanceOf(InvalidAppendError);
      const written = await context
        .store()
        .readAll({ filter: { streamPrefixes: [tag, `$${tag}`] } });
      expect(written).toEqual([]);
    },
  );
}

function describeClosing(context: ContractContext): void {
  describe('closing', () => {
    it('after close(), appends and reads fail with StoreUnavailableError', async () => {
      const store = await context.open();
      const stream = `${uniqueTag()}-closing`;
      await store.appendToStream(stream, [anEvent()]);
      await store.close();
      await expect(store.appendToStream(stream, [anEvent()])).rejects.toBeInstanceOf(
        StoreUnavailableError,
      );
      await expect(store.readStream(stream)).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.readAll()).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.headPosition()).rejects.toBeInstanceOf(StoreUnavailableError);
    });
  });
}
