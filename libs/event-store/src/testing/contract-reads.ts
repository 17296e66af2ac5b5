import { StreamNotFoundError } from '../errors';
import type { RecordedEvent } from '../port';
import {
  anEvent,
  type ContractContext,
  idsOf,
  rejectionOf,
  someEvents,
  uniqueTag,
} from './contract-support';

export function describeReadContract(context: ContractContext): void {
  describe('reading', () => {
    context.useStore();
    describeReadStream(context);
    describeReadAll(context);
    describeFilters(context);
  });
}

/** Five events in one stream, revisions 0n..4n. */
async function aStreamOfFive(context: ContractContext): Promise<{ stream: string; ids: string[] }> {
  const stream = `${uniqueTag()}-phase`;
  const events = someEvents(5);
  await context.store().appendToStream(stream, events);
  return { stream, ids: idsOf(events) };
}

const revisions = (events: readonly RecordedEvent[]): bigint[] => events.map((e) => e.revision);

function describeReadStream(context: ContractContext): void {
  it('reads a stream forwards from the first event and backwards from the last by default', async () => {
    const { stream, ids } = await aStreamOfFive(context);
    expect(idsOf(await context.store().readStream(stream))).toEqual(ids);
    expect(idsOf(await context.store().readStream(stream, { direction: 'backwards' }))).toEqual(
      [...ids].reverse(),
    );
  });

  it('starts at fromRevision inclusively in both directions', async () => {
    const { stream } = await aStreamOfFive(context);
    expect(revisions(await context.store().readStream(stream, { fromRevision: 2n }))).toEqual([
      2n,
      3n,
      4n,
    ]);
    expect(
      revisions(
        await context.store().readStream(stream, { fromRevision: 2n, direction: 'backwards' }),
      ),
    ).toEqual([2n, 1n, 0n]);
  });

  it('stops after maxCount events in both directions', async () => {
    const { stream } = await aStreamOfFive(context);
    const read = async (
      options: Parameters<ReturnType<ContractContext['store']>['readStream']>[1],
    ) => revisions(await context.store().readStream(stream, options));
    expect(await read({ maxCount: 2 })).toEqual([0n, 1n]);
    expect(await read({ maxCount: 2, direction: 'backwards' })).toEqual([4n, 3n]);
    expect(await read({ fromRevision: 1n, maxCount: 2 })).toEqual([1n, 2n]);
    expect(await read({ fromRevision: 3n, maxCount: 2, direction: 'backwards' })).toEqual([3n, 2n]);
    expect(await read({ maxCount: 50 })).toEqual([0n, 1n, 2n, 3n, 4n]);
  });

  it('reads nothing forwards from past the end, and everything backwards from past the end', async () => {
    const { stream } = await aStreamOfFive(context);
    expect(await context.store().readStream(stream, { fromRevision: 5n })).toEqual([]);
    expect(
      revisions(
        await context.store().readStream(stream, { fromRevision: 99n, direction: 'backwards' }),
      ),
    ).toEqual([4n, 3n, 2n, 1n, 0n]);
  });

  it('throws StreamNotFoundError for a stream with no events, in either direction', async () => {
    const stream = `${uniqueTag()}-never-written`;
    for (const direction of ['forwards', 'backwards'] as const) {
      const error = await rejectionOf(context.store().readStream(stream, { direction }));
      expect(error).toBeInstanceOf(StreamNotFoundError);
      expect(error).toMatchObject({ stream });
    }
  });
}

/** Six events over two streams sharing a tag, and their positions in the order written. */
async function sixEventsOverTwoStreams(
  context: ContractContext,
): Promise<{ tag: string; events: RecordedEvent[] }> {
  const tag = uniqueTag();
  await context.store().appendToStream(`${tag}-a`, someEvents(2));
  await context.store().appendToStream(`${tag}-b`, someEvents(3));
  await context.store().appendToStream(`${tag}-a`, someEvents(1));
  const events = await context.store().readAll({ filter: { streamPrefixes: [tag] } });
  return { tag, events };
}

function describeReadAll(context: ContractContext): void {
  it('reads $all in global order forwards and in reverse backwards', async () => {
    const { tag, events } = await sixEventsOverTwoStreams(context);
    expect(events.map((e) => [e.stream, e.revision])).toEqual([
      [`${tag}-a`, 0n],
      [`${tag}-a`, 1n],
      [`${tag}-b`, 0n],
      [`${tag}-b`, 1n],
      [`${tag}-b`, 2n],
      [`${tag}-a`, 2n],
    ]);
    const backwards = await context
      .store()
      .readAll({ direction: 'backwards', filter: { streamPrefixes: [tag] } });
    expect(idsOf(backwards)).toEqual(idsOf(events).reverse());
  });

  it('bounds $all reads by fromPosition and toPosition, both inclusive, in both directions', async () => {
    const { tag, events } = await sixEventsOverTwoStreams(context);
    const at = (i: number): bigint => (events[i] as RecordedEvent).position;
    const filter = { streamPrefixes: [tag] };
    const forwards = await context
      .store()
      .readAll({ fromPosition: at(1), toPosition: at(4), filter });
    const backwards = await context
      .store()
      .readAll({ fromPosition: at(4), toPosition: at(1), direction: 'backwards', filter });
    const from = await context.store().readAll({ fromPosition: at(3), filter });
    const backFrom = await context
      .store()
      .readAll({ fromPosition: at(2), direction: 'backwards', filter });

    expect(idsOf(forwards)).toEqual(idsOf(events.slice(1, 5)));
    expect(idsOf(backwards)).toEqual(idsOf(events.slice(1, 5)).reverse());
    expect(idsOf(from)).toEqual(idsOf(events.slice(3)));
    expect(idsOf(backFrom)).toEqual(idsOf(events.slice(0, 3)).reverse());
  });

  it('stops $all reads after maxCount events in both directions', async () => {
    const { tag, events } = await sixEventsOverTwoStreams(context);
    const filter = { streamPrefixes: [tag] };
    const first = events[0] as RecordedEvent;
    const forwards = await context
      .store()
      .readAll({ fromPosition: first.position, maxCount: 2, filter });
    const backwards = await context
      .store()
      .readAll({ direction: 'backwards', maxCount: 2, filter });
    expect(idsOf(forwards)).toEqual(idsOf(events.slice(0, 2)));
    expect(idsOf(backwards)).toEqual(idsOf(events.slice(4)).reverse());
    expect(await context.store().readAll({ direction: 'backwards', maxCount: 3 })).toHaveLength(3);
  });

  it('reports a head position at or after every position it has acknowledged', async () => {
    const result = await context.store().appendToStream(`${uniqueTag()}-head`, someEvents(2));
    const head = await context.store().headPosition();
    const newest = await context.store().readAll({ direction: 'backwards', maxCount: 1 });
    expect(head).toBeGreaterThanOrEqual(result.position);
    expect(newest[0]?.position).toBeGreaterThanOrEqual(result.position);
  });

  it("never returns system events ('$' types or streams)", async () => {
    await context.store().appendToStream(`${uniqueTag()}-plain`, someEvents(1));
    const newest = await context.store().readAll({ direction: 'backwards', maxCount: 100 });
    const oldest = await context.store().readAll({ maxCount: 100 });
    expect(newest.length).toBeGreaterThan(0);
    for (const event of [...newest, ...oldest]) {
      expect(event.type.startsWith('$')).toBe(false);
      expect(event.stream.startsWith('$')).toBe(false);
    }
  });
}

function describeFilters(context: ContractContext): void {
  /** Types unique to the test: `${t}Signed` must not match `${t}SignedLater` (exact type match). */
  async function mixedTypes(): Promise<{ t: string; other: string; events: RecordedEvent[] }> {
    const t = uniqueTag();
    const other = uniqueTag();
    const signed = `${t}Signed`;
    await context
      .store()
      .appendToStream(`${t}-x`, [anEvent(signed), anEvent(`${signed}Later`), anEvent(signed)]);
    await context.store().appendToStream(`${other}-y`, [anEvent('Unrelated'), anEvent(signed)]);
    const events = await context.store().readAll({ filter: { streamPrefixes: [t, other] } });
    return { t, other, events };
  }

  it('filters $all by exact event type', async () => {
    const { t, events } = await mixedTypes();
    const filtered = await context.store().readAll({ filter: { eventTypes: [`${t}Signed`] } });
    expect(idsOf(filtered)).toEqual(idsOf(events.filter((e) => e.type === `${t}Signed`)));
  });

  it('treats event types and stream prefixes as alternatives', async () => {
    const { t, other, events } = await mixedTypes();
    const filter = { eventTypes: [`${t}SignedLater`], streamPrefixes: [other] };
    const expected = events.filter(
      (e) => e.type === `${t}SignedLater` || e.stream.startsWith(other),
    );
    expect(idsOf(await context.store().readAll({ filter }))).toEqual(idsOf(expected));
    expect(idsOf(await context.store().readAll({ filter, direction: 'backwards' }))).toEqual(
      idsOf(expected).reverse(),
    );
  });

  it('matches stream prefixes from the start of the name only', async () => {
    const t = uniqueTag();
    await context.store().appendToStream(`${t}-claims`, [anEvent()]);
    await context.store().appendToStream(`x${t}-claims`, [anEvent()]);
    const filtered = await context.store().readAll({ filter: { streamPrefixes: [t] } });
    expect(filtered.map((e) => e.stream)).toEqual([`${t}-claims`]);
  });
}
