import type { AppendLog } from '../local/apply-append';
import type { PositionRange, StreamRange } from '../local/local-event-store';
import { matchesFilter, type NewStoredEvent, type StoredEvent } from '../local/stored-event';

/** The whole log in arrays: position n sits at index n - 1, revision r of a stream at index r. */
export class MemoryLog implements AppendLog {
  private readonly events: StoredEvent[] = [];
  private readonly byId = new Map<string, StoredEvent>();
  private readonly streams = new Map<string, StoredEvent[]>();

  lastRevision(stream: string): bigint | undefined {
    return this.streams.get(stream)?.at(-1)?.revision;
  }

  findById(id: string): StoredEvent | undefined {
    return this.byId.get(id);
  }

  lastRecordedAtMs(): number {
    return this.events.at(-1)?.recordedAtMs ?? 0;
  }

  headPosition(): bigint {
    return BigInt(this.events.length);
  }

  insert(event: NewStoredEvent): bigint {
    const stored: StoredEvent = { ...event, position: BigInt(this.events.length + 1) };
    this.events.push(stored);
    this.byId.set(stored.id, stored);
    const stream = this.streams.get(stored.stream);
    if (stream) stream.push(stored);
    else this.streams.set(stored.stream, [stored]);
    return stored.position;
  }

  readStream(range: StreamRange): StoredEvent[] {
    const events = this.streams.get(range.stream) ?? [];
    const forwards = range.direction === 'forwards';
    const start = clampIndex(
      range.from ?? (forwards ? 0n : BigInt(events.length - 1)),
      events.length,
    );
    return collect(events, start, forwards, range.limit ?? Infinity, () => true);
  }

  readAll(range: PositionRange): StoredEvent[] {
    const forwards = range.direction === 'forwards';
    const from = range.from ?? (forwards ? 1n : this.headPosition());
    const to = range.to ?? (forwards ? this.headPosition() : 1n);
    const inRange = (e: StoredEvent): boolean => (forwards ? e.position <= to : e.position >= to);
    const start = clampIndex(from - 1n, this.events.length);
    return collect(this.events, start, forwards, range.limit ?? Infinity, (e) =>
      inRange(e) ? matchesFilter(range.filter, e.type, e.stream) : 'stop',
    );
  }
}

/** Keeps a start index inside the array: before the start clamps to 0, past the end to length. */
function clampIndex(index: bigint, length: number): number {
  if (index < 0n) return -1;
  return index >= BigInt(length) ? length : Number(index);
}

/** Walks from `start` in a direction, keeping matches until `limit` or a 'stop'. */
function collect(
  events: readonly StoredEvent[],
  start: number,
  forwards: boolean,
  limit: number,
  accept: (e: StoredEvent) => boolean | 'stop',
): StoredEvent[] {
  const found: StoredEvent[] = [];
  const step = forwards ? 1 : -1;
  let i = forwards ? Math.max(start, 0) : Math.min(start, events.length - 1);
  for (; i >= 0 && i < events.length && found.length < limit; i += step) {
    const event = events[i] as StoredEvent;
    const verdict = accept(event);
    if (verdict === 'stop') break;
    if (verdict) found.push(event);
  }
  return found;
}
