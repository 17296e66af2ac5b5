import { setImmediate as nextTurn } from 'node:timers/promises';
import type { AppendResult, EventToAppend, RecordedEvent } from '../port';
import {
  anEvent,
  type ContractContext,
  expectStrictlyIncreasing,
  idsOf,
  type Recording,
  sleep,
  someEvents,
  uniqueTag,
  useRecordings,
} from './contract-support';

export function describeSubscriptionContract(context: ContractContext): void {
  describe('subscriptions', () => {
    context.useStore();
    const record = useRecordings(context.deliveryTimeoutMs);
    describeAllSubscriptions(context, record);
    describeHandOver(context, record);
    describeStreamSubscriptions(context, record);
  });
}

type Record = ReturnType<typeof useRecordings>;

/** caughtUp comes once, after the history, at or after every position delivered before it. */
function expectOneCaughtUpAfter(recording: Recording, history: readonly string[]): void {
  expect(recording.caughtUpCount).toBe(1);
  expect(idsOf(recording.history)).toEqual(history);
  const last = recording.history.at(-1);
  if (last) expect(recording.caughtUpPosition).toBeGreaterThanOrEqual(last.position);
}

function describeAllSubscriptions(context: ContractContext, record: Record): void {
  it('from the start: the history, one caughtUp, then live events, in order', async () => {
    const tag = uniqueTag();
    const history = someEvents(3);
    await context.store().appendToStream(`${tag}-a`, history);
    const recording = record(
      context.store().subscribeToAll({ from: 'start', filter: { streamPrefixes: [tag] } }),
    );
    await recording.waitForCaughtUp();
    const live = someEvents(2);
    await context.store().appendToStream(`${tag}-b`, live);
    await recording.waitForEventCount(5);

    expectOneCaughtUpAfter(recording, idsOf(history));
    expect(idsOf(recording.events)).toEqual(idsOf([...history, ...live]));
    expect(recording.caughtUpPosition).toBeLessThanOrEqual(await context.store().headPosition());
  });

  it('from the end: no history, then only what is appended after subscribing', async () => {
    const tag = uniqueTag();
    await context.store().appendToStream(`${tag}-a`, someEvents(2));
    const recording = record(
      context.store().subscribeToAll({ from: 'end', filter: { streamPrefixes: [tag] } }),
    );
    await recording.waitForCaughtUp();
    const live = someEvents(2);
    await context.store().appendToStream(`${tag}-a`, live);
    await recording.waitForEventCount(2);

    expectOneCaughtUpAfter(recording, []);
    expect(idsOf(recording.events)).toEqual(idsOf(live));
  });

  it('after a position: starts just after it (exclusive)', async () => {
    const tag = uniqueTag();
    const events = someEvents(4);
    await context.store().appendToStream(`${tag}-a`, events);
    const stored = await context.store().readStream(`${tag}-a`);
    const after = (stored[1] as RecordedEvent).position;
    const recording = record(
      context.store().subscribeToAll({ from: { after }, filter: { streamPrefixes: [tag] } }),
    );
    await recording.waitForCaughtUp();
    expectOneCaughtUpAfter(recording, idsOf(events.slice(2)));
  });

  it('is cold: every subscribe starts afresh from its own start', async () => {
    const tag = uniqueTag();
    const events = someEvents(3);
    await context.store().appendToStream(`${tag}-a`, events);
    const observable = context.store().subscribeToAll({ filter: { streamPrefixes: [tag] } });
    const first = record(observable);
    await first.waitForCaughtUp();
    const second = record(observable);
    await second.waitForCaughtUp();
    expectOneCaughtUpAfter(first, idsOf(events));
    expectOneCaughtUpAfter(second, idsOf(events));
  });

  it('filters by event type, live as well as in history', async () => {
    const tag = uniqueTag();
    const wanted = `${tag}Corroborated`;
    await context.store().appendToStream(`${tag}-a`, [anEvent(wanted), anEvent(`${wanted}Not`)]);
    const recording = record(context.store().subscribeToAll({ filter: { eventTypes: [wanted] } }));
    await recording.waitForCaughtUp();
    const live = anEvent(wanted);
    await context
      .store()
      .appendToStream(`${tag}-b`, [anEvent(`${wanted}Not`), live, anEvent('Unrelated')]);
    await recording.waitForEventCount(2);
    expect(recording.events.map((e) => e.type)).toEqual([wanted, wanted]);
    expect(recording.events[1]?.id).toBe(live.id);
  });

  it('stops delivering once unsubscribed', async () => {
    const tag = uniqueTag();
    const filter = { streamPrefixes: [tag] };
    const stopped = record(context.store().subscribeToAll({ filter }));
    await stopped.waitForCaughtUp();
    stopped.stop();
    const late = someEvents(2);
    await context.store().appendToStream(`${tag}-a`, late);
    const witness = record(context.store().subscribeToAll({ filter }));
    await witness.waitForIds(idsOf(late));
    await sleep(50);
    expect(stopped.events).toEqual([]);
  });
}

type Acknowledged = { events: EventToAppend[]; result: AppendResult }[];

/**
 * Appends small batches to `stream` one after another while `keepGoing(i)` says so (at most 200),
 * yielding to the event loop after each, and records what was acknowledged.
 */
async function appendSteadily(
  context: ContractContext,
  stream: string,
  acknowledged: Acknowledged,
  keepGoing: (batch: number) => boolean,
): Promise<void> {
  for (let i = 0; i < 200 && keepGoing(i); i++) {
    const events = someEvents(1 + (i % 2));
    acknowledged.push({ events, result: await context.store().appendToStream(stream, events) });
    await nextTurn();
  }
}

function describeHandOver(context: ContractContext, record: Record): void {
  it('hands over from catch-up to live with no gap and no duplicate while writers keep appending', async () => {
    const tag = uniqueTag();
    const filter = { streamPrefixes: [tag] };
    await Promise.all(
      [0, 1, 2].map((w) => context.store().appendToStream(`${tag}-w${w}`, someEvents(10))),
    );
    const acknowledged: Acknowledged = [];
    // The writers go on until the first subscriber has caught up and a few batches more, so the
    // hand-over certainly happens while they append.
    const subscribed: { early?: Recording } = {};
    let afterCaughtUp = 0;
    const keepGoing = (i: number): boolean =>
      i < 10 || !subscribed.early?.caughtUpCount || afterCaughtUp++ < 6;
    const writers = Promise.all(
      [0, 1, 2].map((w) => appendSteadily(context, `${tag}-w${w}`, acknowledged, keepGoing)),
    );
    await nextTurn();
    const early = record(context.store().subscribeToAll({ filter }));
    subscribed.early = early;
    // A slow subscriber: it holds the event loop for a moment on every message.
    const slow = record(context.store().subscribeToAll({ filter }), () => {
      const until = Date.now() + 1;
      while (Date.now() < until) continue;
    });
    await writers;
    const written = await context.store().readAll({ filter });
    const late = record(context.store().subscribeToAll({ filter }));

    expect(written).toHaveLength(30 + acknowledged.reduce((n, a) => n + a.events.length, 0));
    for (const recording of [early, slow, late]) {
      await recording.waitForIds(idsOf(written));
      await recording.waitForCaughtUp();
      expect(idsOf(recording.events)).toEqual(idsOf(written));
      expect(recording.caughtUpCount).toBe(1);
      expectStrictlyIncreasing(recording.events.map((e) => e.position));
    }
    expect(early.history.length).toBeLessThan(written.length);
  });
}

function describeStreamSubscriptions(context: ContractContext, record: Record): void {
  it('to one stream: its history from the start, caughtUp, then its live events only', async () => {
    const tag = uniqueTag();
    const stream = `${tag}-agreement`;
    const history = someEvents(3);
    await context.store().appendToStream(stream, history);
    await context.store().appendToStream(`${stream}-sibling`, someEvents(1));
    const recording = record(context.store().subscribeToStream(stream));
    await recording.waitForCaughtUp();
    await context.store().appendToStream(`${stream}-sibling`, someEvents(1));
    const live = someEvents(2);
    await context.store().appendToStream(stream, live);
    await recording.waitForEventCount(5);

    expectOneCaughtUpAfter(recording, idsOf(history));
    expect(idsOf(recording.events)).toEqual(idsOf([...history, ...live]));
    expect(recording.events.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
  });

  it('to one stream from the end, and after a revision (exclusive)', async () => {
    const stream = `${uniqueTag()}-offer`;
    const history = someEvents(4);
    await context.store().appendToStream(stream, history);
    const fromEnd = record(context.store().subscribeToStream(stream, { from: 'end' }));
    const afterOne = record(
      context.store().subscribeToStream(stream, { from: { afterRevision: 1n } }),
    );
    await fromEnd.waitForCaughtUp();
    await afterOne.waitForCaughtUp();
    const live = someEvents(1);
    await context.store().appendToStream(stream, live);
    await fromEnd.waitForEventCount(1);
    await afterOne.waitForEventCount(3);

    expectOneCaughtUpAfter(fromEnd, []);
    expect(idsOf(fromEnd.events)).toEqual(idsOf(live));
    expectOneCaughtUpAfter(afterOne, idsOf(history.slice(2)));
    expect(idsOf(afterOne.events)).toEqual(idsOf([...history.slice(2), ...live]));
  });

  it('to a stream that does not exist yet: caughtUp, then its events once written', async () => {
    const stream = `${uniqueTag()}-future`;
    const recording = record(context.store().subscribeToStream(stream));
    await recording.waitForCaughtUp();
    const events = someEvents(2);
    await context.store().appendToStream(stream, events, { expectedRevision: 'no_stream' });
    await recording.waitForEventCount(2);
    expectOneCaughtUpAfter(recording, []);
    expect(idsOf(recording.events)).toEqual(idsOf(events));
  });

  it('to one stream while it is being appended to: every event once, in revision order', async () => {
    const stream = `${uniqueTag()}-busy`;
    await context.store().appendToStream(stream, someEvents(5));
    const subscribed: { recording?: Recording } = {};
    let afterCaughtUp = 0;
    const keepGoing = (i: number): boolean =>
      i < 10 || !subscribed.recording?.caughtUpCount || afterCaughtUp++ < 6;
    const writer = appendSteadily(context, stream, [], keepGoing);
    await nextTurn();
    const recording = record(context.store().subscribeToStream(stream));
    subscribed.recording = recording;
    await writer;
    const written = await context.store().readStream(stream);
    await recording.waitForIds(idsOf(written));
    await recording.waitForCaughtUp();
    expect(idsOf(recording.events)).toEqual(idsOf(written));
    expect(recording.caughtUpCount).toBe(1);
  });
}
