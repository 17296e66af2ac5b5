import { appendFileSync, existsSync, readFileSync } from 'node:fs';

/**
 * The wire double's transaction log: every event of every stream in commit order, optionally
 * persisted to a JSON-lines file so that a killed double restarts with what it acknowledged.
 * It follows EventStoreDB's rules where the adapter can observe them: positions are byte-like
 * offsets (strictly increasing, never contiguous, commit = prepare per event), idempotent
 * retries are recognised by event id, and a fresh node already holds system events.
 */
export interface StoredEvent {
  readonly stream: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Buffer;
  readonly metadata: Buffer;
  /** 100-nanosecond ticks since the Unix epoch, as EventStoreDB sends `created`. */
  readonly created: bigint;
}

export type ProposedEvent = Pick<StoredEvent, 'id' | 'type' | 'contentType' | 'data' | 'metadata'>;

export type ExpectedState =
  | { readonly kind: 'any' }
  | { readonly kind: 'no_stream' }
  | { readonly kind: 'stream_exists' }
  | { readonly kind: 'revision'; readonly revision: bigint };

export type AppendOutcome =
  | {
      readonly kind: 'written' | 'idempotent';
      readonly currentRevision: bigint | undefined;
      readonly position: bigint | undefined;
    }
  | { readonly kind: 'wrong_expected_version'; readonly current: bigint | undefined };

export type AppendListener = (event: StoredEvent) => void;

/** The first log position: a real log starts after its chunk header, never at 0. */
const FIRST_POSITION = 128n;
/** Bytes a record costs besides its payloads, so that positions are spread like byte offsets. */
const RECORD_OVERHEAD = 97n;
const TICKS_PER_MS = 10_000n;

/** What a fresh EventStoreDB node with projections writes before any user event. */
const SYSTEM_SEED: readonly { stream: string; type: string; data: object }[] = [
  { stream: '$$$settings', type: '$metadata', data: { $acl: { $r: '$all' } } },
  { stream: '$projections-$all', type: '$ProjectionsInitialized', data: {} },
];

export class EventLog {
  private readonly events: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly positions = new Set<bigint>();
  private readonly listeners = new Set<AppendListener>();
  private nextPosition = FIRST_POSITION;
  private lastCreated = 0n;

  /** `file`: where acknowledged events are kept across restarts (none: memory only). */
  constructor(private readonly file?: string) {
    if (file && existsSync(file)) this.replay(readFileSync(file, 'utf8'));
    if (this.events.length === 0) this.seedSystemEvents();
  }

  get all(): readonly StoredEvent[] {
    return this.events;
  }

  /**
   * Whether $all can be read from `position`: EventStoreDB reads only from record boundaries (the
   * start, an event's position, the end of the log); anywhere else is "an invalid position".
   */
  isReadablePosition(position: bigint): boolean {
    return position === 0n || position === this.nextPosition || this.positions.has(position);
  }

  stream(name: string): readonly StoredEvent[] {
    return this.streams.get(name) ?? [];
  }

  /** Registers a listener called synchronously after each committed event. */
  onAppended(listener: AppendListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  append(
    stream: string,
    expected: ExpectedState,
    proposed: readonly ProposedEvent[],
  ): AppendOutcome {
    const existing = this.stream(stream);
    const current = existing.length === 0 ? undefined : BigInt(existing.length - 1);
    const verdict = this.check(existing, expected, proposed);
    if (verdict === 'conflict') return { kind: 'wrong_expected_version', current };
    if (typeof verdict === 'number') {
      const last = existing[verdict + proposed.length - 1];
      // EventStoreDB answers an idempotent retry with the revision it wrote, without a position.
      return { kind: 'idempotent', currentRevision: last?.revision, position: undefined };
    }
    const written = proposed.map((event) => this.commit(stream, event));
    const last = written[written.length - 1];
    return {
      kind: 'written',
      currentRevision: last?.revision ?? current,
      position: last?.position,
    };
  }

  /**
   * EventStoreDB's commit check: 'write', 'conflict', or the index in the stream where the
   * proposed events already are (an idempotent retry).
   */
  private check(
    existing: readonly StoredEvent[],
    expected: ExpectedState,
    proposed: readonly ProposedEvent[],
  ): 'write' | 'conflict' | number {
    switch (expected.kind) {
      case 'any':
        return this.checkById(existing, proposed);
      case 'stream_exists':
        return existing.length === 0 ? 'conflict' : this.checkById(existing, proposed);
      case 'no_stream':
        return this.checkAt(existing, -1, proposed);
      case 'revision':
        return expected.revision > BigInt(Number.MAX_SAFE_INTEGER)
          ? 'conflict'
          : this.checkAt(existing, Number(expected.revision), proposed);
    }
  }

  private checkById(
    existing: readonly StoredEvent[],
    proposed: readonly ProposedEvent[],
  ): 'write' | 'conflict' | number {
    const first = proposed[0];
    const at = first ? existing.findIndex((e) => e.id === first.id) : -1;
    if (at < 0) return 'write';
    return sameIds(existing, at, proposed) ? at : 'conflict';
  }

  private checkAt(
    existing: readonly StoredEvent[],
    expectedLast: number,
    proposed: readonly ProposedEvent[],
  ): 'write' | 'conflict' | number {
    const last = existing.length - 1;
    if (last === expectedLast) return 'write';
    if (last < expectedLast || proposed.length === 0) return 'conflict';
    return sameIds(existing, expectedLast + 1, proposed) ? expectedLast + 1 : 'conflict';
  }

  private commit(stream: string, proposed: ProposedEvent): StoredEvent {
    const nowTicks = BigInt(Date.now()) * TICKS_PER_MS;
    this.lastCreated = nowTicks > this.lastCreated ? nowTicks : this.lastCreated;
    const event: StoredEvent = {
      ...proposed,
      stream,
      revision: BigInt(this.stream(stream).length),
      position: this.nextPosition,
      created: this.lastCreated,
    };
    if (this.file) appendFileSync(this.file, `${serialise(event)}\n`);
    this.index(event);
    for (const listener of [...this.listeners]) listener(event);
    return event;
  }

  private index(event: StoredEvent): void {
    this.events.push(event);
    this.positions.add(event.position);
    const stream = this.streams.get(event.stream) ?? [];
    stream.push(event);
    this.streams.set(event.stream, stream);
    const size = BigInt(
      event.data.length + event.metadata.length + event.stream.length + event.type.length,
    );
    this.nextPosition = event.position + RECORD_OVERHEAD + size;
    if (event.created > this.lastCreated) this.lastCreated = event.created;
  }

  private replay(text: string): void {
    for (const line of text.split('\n')) {
      // A line cut short by a kill was never acknowledged: it is dropped, as a torn write would be.
      const event = line.trim() === '' ? undefined : deserialise(line);
      if (event) this.index(event);
    }
  }

  private seedSystemEvents(): void {
    for (const seed of SYSTEM_SEED) {
      const id = `00000000-0000-4000-8000-${String(this.events.length + 1).padStart(12, '0')}`;
      const data = Buffer.from(JSON.stringify(seed.data));
      this.commit(seed.stream, {
        id,
        type: seed.type,
        contentType: 'application/json',
        data,
        metadata: Buffer.alloc(0),
      });
    }
  }
}

function sameIds(
  existing: readonly StoredEvent[],
  from: number,
  proposed: readonly ProposedEvent[],
): boolean {
  return proposed.every((event, i) => existing[from + i]?.id === event.id);
}

function serialise(event: StoredEvent): string {
  return JSON.stringify({
    ...event,
    revision: event.revision.toString(),
    position: event.position.toString(),
    created: event.created.toString(),
    data: event.data.toString('base64'),
    metadata: event.metadata.toString('base64'),
  });
}

type SerialisedEvent = Record<keyof StoredEvent, string>;

function deserialise(line: string): StoredEvent | undefined {
  let raw: SerialisedEvent;
  try {
    raw = JSON.parse(line) as SerialisedEvent;
  } catch {
    return undefined;
  }
  return {
    ...raw,
    revision: BigInt(raw.revision),
    position: BigInt(raw.position),
    created: BigInt(raw.created),
    data: Buffer.from(raw.data, 'base64'),
    metadata: Buffer.from(raw.metadata, 'base64'),
  };
}
