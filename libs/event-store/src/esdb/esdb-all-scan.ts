import type { Position, RecordedEvent as ClientRecordedEvent } from '@eventstore/db-client';
import type { ReadAllOptions, RecordedEvent } from '../port';
import { allPosition, matchesEventFilter, toRecordedEvent } from './esdb-events';

/** Events per $all page when the adapter has to filter client-side. */
const PAGE_SIZE = 500;
/** Extra events asked for an unfiltered page, room for the system events it will drop. */
const SYSTEM_SLACK = 16;

/**
 * One port readAll, done as a walk over $all pages: the client's $all read has no server-side
 * filter, so the walk filters here and stops at maxCount or toPosition. Pages continue from the
 * last position seen; a forwards read starts at that event again (EventStoreDB reads forwards
 * inclusively), so everything up to the boundary is skipped; a backwards read starts before it.
 */
export class AllScan {
  readonly found: RecordedEvent[] = [];
  readonly forwards: boolean;
  readonly pageSize: number;
  private readonly limit: number;
  private boundary: bigint | undefined;

  constructor(private readonly options: ReadAllOptions) {
    this.forwards = (options.direction ?? 'forwards') === 'forwards';
    this.limit = options.maxCount ?? Number.POSITIVE_INFINITY;
    const filtered =
      (options.filter?.eventTypes?.length ?? 0) + (options.filter?.streamPrefixes?.length ?? 0) > 0;
    this.pageSize = filtered ? PAGE_SIZE : Math.min(PAGE_SIZE, this.limit + SYSTEM_SLACK);
  }

  get done(): boolean {
    return this.found.length >= this.limit;
  }

  /**
   * The port's start is inclusive in both directions, but EventStoreDB reads $all backwards from
   * just before a position: a backwards walk from a position first takes the event at it.
   */
  get inclusiveBackwardsStart(): bigint | undefined {
    return this.forwards ? undefined : this.options.fromPosition;
  }

  firstCursor(): Position | 'start' | 'end' {
    const from = this.options.fromPosition;
    if (from === undefined) return this.forwards ? 'start' : 'end';
    return allPosition(from);
  }

  /** Takes the event found exactly at a backwards walk's start (or nothing, when none is there). */
  startWith(event: ClientRecordedEvent | undefined, position: bigint): void {
    if (event && !this.beyond(position)) this.take(event);
    this.boundary = position;
  }

  /** Consumes one page; returns where the next page starts, or undefined when the walk is over. */
  consume(page: readonly ClientRecordedEvent[]): Position | undefined {
    for (const event of page) {
      if (this.done) return undefined;
      const position = positionOf(event);
      if (this.behindBoundary(position)) continue;
      if (this.beyond(position)) return undefined;
      this.take(event);
      this.boundary = position;
    }
    const last = page[page.length - 1];
    if (this.done || page.length < this.pageSize || !last) return undefined;
    return allPosition(positionOf(last));
  }

  private take(event: ClientRecordedEvent): void {
    if (matchesEventFilter(this.options.filter, event)) this.found.push(toRecordedEvent(event));
  }

  private behindBoundary(position: bigint): boolean {
    if (this.boundary === undefined) return false;
    return this.forwards ? position <= this.boundary : position >= this.boundary;
  }

  private beyond(position: bigint): boolean {
    const to = this.options.toPosition;
    if (to === undefined) return false;
    return this.forwards ? position > to : position < to;
  }
}

export function positionOf(event: ClientRecordedEvent): bigint {
  const position = event.position?.commit;
  if (position === undefined)
    throw new Error(
      `EventStoreDB sent an $all event without a position (${event.streamId}@${event.revision})`,
    );
  return position;
}
