import type { RecordedEvent } from '@ledger/event-store';
import type { ControlEventName, EventEnvelope } from '@ledger/ledger-client';

/** The envelope of a recorded event, as published: 64-bit numbers as decimal strings. */
export function toEnvelope(event: RecordedEvent): EventEnvelope {
  return {
    id: event.id,
    type: event.type,
    stream: event.stream,
    revision: event.revision.toString(),
    position: event.position.toString(),
    recordedAt: event.recordedAt.toISOString(),
    data: event.data,
    metadata: event.metadata,
  };
}

/**
 * One SSE frame per event. JSON.stringify never emits a raw line break, so the envelope fits on
 * one `data:` line; the type is a validated store name (no line breaks either).
 */
export function eventFrame(event: RecordedEvent): string {
  return `id: ${event.position}\nevent: ${event.type}\ndata: ${JSON.stringify(toEnvelope(event))}\n\n`;
}

/** A control frame: no `id:`, so it never moves the client's Last-Event-ID. */
export function controlFrame(name: ControlEventName, data: object, retryMs?: number): string {
  const retry = retryMs === undefined ? '' : `retry: ${retryMs}\n`;
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n${retry}\n`;
}

export const HEARTBEAT_FRAME = ': heartbeat\n\n';

/**
 * Frames of recent events, shared by every connection: with a hundred subscribers, an event is
 * serialised once rather than a hundred times. A frame depends only on the event (filters decide
 * whether it is sent, not what it says), so caching by global position is exact. Bounded: the
 * oldest entries go first.
 */
export class FrameCache {
  private readonly frames = new Map<bigint, string>();
  private chars = 0;

  /** At most `capacity` frames and `maxChars` characters (32 Mi: big events must not pin GBs). */
  constructor(
    private readonly capacity = 4096,
    private readonly maxChars = 32 * 1024 * 1024,
  ) {}

  frameOf(event: RecordedEvent): string {
    const cached = this.frames.get(event.position);
    if (cached !== undefined) return cached;
    const frame = eventFrame(event);
    this.frames.set(event.position, frame);
    this.chars += frame.length;
    while (this.frames.size > this.capacity || this.chars > this.maxChars) {
      const oldest = this.frames.entries().next();
      if (oldest.done) break;
      this.frames.delete(oldest.value[0]);
      this.chars -= oldest.value[1].length;
    }
    return frame;
  }

  get size(): number {
    return this.frames.size;
  }
}
