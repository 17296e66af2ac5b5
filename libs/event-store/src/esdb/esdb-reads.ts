import {
  BACKWARDS,
  END,
  type EventStoreDBClient,
  FORWARDS,
  type Position,
  type RecordedEvent as ClientRecordedEvent,
  type ResolvedEvent,
  START,
} from '@eventstore/db-client';
import { StreamNotFoundError } from '../errors';
import type { ReadAllOptions, ReadStreamOptions, RecordedEvent } from '../port';
import { callServer, type CallPolicy, readToEnd } from './esdb-calls';
import { AllScan, positionOf } from './esdb-all-scan';
import { allPosition, isSystemEvent, toRecordedEvent } from './esdb-events';

type AllStart = Position | typeof START | typeof END;

/** Events per page when looking back for the last non-system event. */
const LOOKBACK_PAGE = 32;

/** Reads over the client, mapped to the port's events (system events never come out). */
export class EsdbReader {
  constructor(
    private readonly client: EventStoreDBClient,
    private readonly policy: CallPolicy,
  ) {}

  async readStream(stream: string, options: ReadStreamOptions): Promise<RecordedEvent[]> {
    const direction = options.direction ?? 'forwards';
    // A zero count still has to tell a missing stream from an existing one.
    const maxCount = options.maxCount === 0 ? 1 : options.maxCount;
    const fromRevision = options.fromRevision ?? (direction === 'forwards' ? START : END);
    const resolved = await callServer(this.policy, { stream }, () =>
      readToEnd(
        this.client.readStream(stream, { fromRevision, direction, maxCount }),
        this.policy.timeoutMs,
      ),
    );
    if (options.maxCount === 0) return [];
    return events(resolved)
      .filter((event) => !isSystemEvent(event))
      .map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    const scan = new AllScan(options);
    if (scan.done) return scan.found;
    const start = scan.inclusiveBackwardsStart;
    if (start !== undefined) scan.startWith(await this.eventAt(start), start);
    let cursor: AllStart | undefined = scan.firstCursor();
    // Each page moves the cursor strictly past the previous one, so the walk ends with the log.
    while (cursor !== undefined && !scan.done) {
      cursor = scan.consume(await this.allPage(cursor, scan.forwards, scan.pageSize));
    }
    return scan.found;
  }

  /** The position of the last non-system event, 0n when there is none. */
  async headPosition(): Promise<bigint> {
    const [last] = await this.readAll({ direction: 'backwards', maxCount: 1 });
    return last?.position ?? 0n;
  }

  /**
   * The position of the last non-system event before `position` (0n when none). EventStoreDB
   * reads $all backwards from just before a position, and only from positions it wrote, so this
   * starts at `position` itself rather than at `position - 1n`.
   */
  async lastPositionBefore(position: bigint): Promise<bigint> {
    let cursor: AllStart = allPosition(position);
    for (;;) {
      const page = await this.allPage(cursor, false, LOOKBACK_PAGE);
      const found = page.find((event) => !isSystemEvent(event));
      if (found) return positionOf(found);
      const last = page[page.length - 1];
      if (page.length < LOOKBACK_PAGE || !last) return 0n;
      cursor = allPosition(positionOf(last));
    }
  }

  /** The position of the log's last record, system events included (where 'end' really is). */
  async logEnd(): Promise<bigint | undefined> {
    const [last] = await this.allPage(END, false, 1);
    return last ? positionOf(last) : undefined;
  }

  /** The revision of a stream's last event, undefined when the stream does not exist. */
  async lastRevision(stream: string): Promise<bigint | undefined> {
    try {
      const [last] = await this.readStream(stream, { direction: 'backwards', maxCount: 1 });
      return last?.revision;
    } catch (error: unknown) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
  }

  /** The event at a revision (to give an idempotent retry the position of what it matched). */
  async eventAtRevision(stream: string, revision: bigint): Promise<RecordedEvent | undefined> {
    const [event] = await this.readStream(stream, { fromRevision: revision, maxCount: 1 });
    return event?.revision === revision ? event : undefined;
  }

  private async eventAt(position: bigint): Promise<ClientRecordedEvent | undefined> {
    const [event] = await this.allPage(allPosition(position), true, 1);
    return event && positionOf(event) === position ? event : undefined;
  }

  private async allPage(
    fromPosition: AllStart,
    forwards: boolean,
    maxCount: number,
  ): Promise<ClientRecordedEvent[]> {
    const direction = forwards ? FORWARDS : BACKWARDS;
    const resolved = await callServer(this.policy, {}, () =>
      readToEnd(this.client.readAll({ fromPosition, direction, maxCount }), this.policy.timeoutMs),
    );
    return events(resolved);
  }
}

function events(resolved: readonly ResolvedEvent[]): ClientRecordedEvent[] {
  return resolved.flatMap((r) => (r.event ? [r.event] : []));
}
