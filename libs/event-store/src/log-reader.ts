import type { Direction, EventFilter, EventStore, RecordedEvent } from './port';
import { readStreamOrEmpty } from './read-stream-or-empty';

/**
 * THE way to page through the log: every consumer of $all (projection rebuild, SSE history, the
 * checkpointer and verifier, the CLI, the benchmarks) reads through here.
 *
 * A page resumes from the last position a read RETURNED, never from one computed from it: on
 * EventStoreDB a position is a commit/prepare offset in the transaction file, so `after + 1n` is
 * (almost always) inside a record and the server refuses it ("invalid position"). The next page
 * is therefore read from the last returned position inclusive, one event more than asked, and
 * that event is dropped. Every adapter accepts that; SQLite and memory merely happen to accept
 * computed positions too.
 */
export interface AllPageOptions {
  /**
   * Exclusive start in the read's direction: a position an earlier read returned (or a
   * checkpoint holding one). Absent, or 0n forwards, means the start of the log; absent
   * backwards means its end.
   */
  readonly after?: bigint;
  /** Inclusive end in the read's direction. */
  readonly to?: bigint;
  readonly direction?: Direction;
  readonly filter?: EventFilter;
  /** Events per page (default 1,000). */
  readonly pageSize?: number;
}

/** One page of $all: the events, and whether the log (or `to`) ended within it. */
export interface AllPage {
  readonly events: RecordedEvent[];
  readonly ended: boolean;
}

const DEFAULT_PAGE = 1_000;

/** Whether `after` names a position to resume from (0n forwards is the start, not an event). */
function resumesFrom(options: AllPageOptions): boolean {
  if (options.after === undefined) return false;
  return options.direction === 'backwards' || options.after > 0n;
}

/** One page of $all after `options.after` (see AllPageOptions). */
export async function readAllPage(store: EventStore, options: AllPageOptions): Promise<AllPage> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE;
  const direction = options.direction ?? 'forwards';
  const after = resumesFrom(options) ? options.after : undefined;
  const resume = after !== undefined;
  const maxCount = resume ? pageSize + 1 : pageSize;
  const read = await store.readAll({
    direction,
    maxCount,
    ...(resume ? { fromPosition: after } : {}),
    ...(options.to === undefined ? {} : { toPosition: options.to }),
    ...(options.filter ? { filter: options.filter } : {}),
  });
  // The event at `after` (if it matches the filter) is the read's first: drop it by position.
  const events = resume ? read.filter((event) => beyond(event.position, after, direction)) : read;
  const last = events.at(-1);
  const to = options.to;
  const reachedTo = last !== undefined && to !== undefined && !beyond(to, last.position, direction);
  return { events, ended: read.length < maxCount || reachedTo };
}

/**
 * $all in pages (never an empty one) from just after `options.after` to the end of the log or
 * `options.to`: bounded memory for a log of any length. The end is where the log ended when the
 * last page was read; a consumer that must stop at a fixed point passes `to`.
 */
export async function* readAllPages(
  store: EventStore,
  options: AllPageOptions = {},
): AsyncGenerator<RecordedEvent[]> {
  let after = options.after;
  for (;;) {
    const page = await readAllPage(store, {
      ...options,
      ...(after === undefined ? {} : { after }),
    });
    const last = page.events.at(-1);
    if (last !== undefined) yield page.events;
    if (page.ended || last === undefined) return;
    after = last.position;
  }
}

export interface StreamPageOptions {
  /** Exclusive start: a revision an earlier read returned. Absent: the stream's first event. */
  readonly afterRevision?: bigint;
  /** Events per page (default 1,000). */
  readonly pageSize?: number;
}

/**
 * One stream forwards in pages; nothing for a stream that does not exist. Stream revisions,
 * unlike $all positions, are consecutive on every store (EventStoreDB included), so the next
 * page starts at the last revision returned plus one.
 */
export async function* readStreamPages(
  store: EventStore,
  stream: string,
  options: StreamPageOptions = {},
): AsyncGenerator<RecordedEvent[]> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE;
  let from = options.afterRevision === undefined ? 0n : options.afterRevision + 1n;
  for (;;) {
    const page = await readStreamOrEmpty(store, stream, { fromRevision: from, maxCount: pageSize });
    const last = page.at(-1);
    if (last === undefined) return;
    yield page;
    if (page.length < pageSize) return;
    from = last.revision + 1n;
  }
}

/** Whether `a` comes after `b` in the read's direction. */
function beyond(a: bigint, b: bigint, direction: Direction): boolean {
  return direction === 'forwards' ? a > b : a < b;
}
