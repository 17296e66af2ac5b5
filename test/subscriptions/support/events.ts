import { randomUUID } from 'node:crypto';
import {
  type EventStore,
  type EventToAppend,
  readAllPages,
  type RecordedEvent,
} from '@ledger/event-store';

/** A small, valid SourceRegistered event (the registry's own shape), numbered for assertions. */
export function sourceRegistered(n: number, padding = 0): EventToAppend {
  return {
    id: randomUUID(),
    type: 'SourceRegistered',
    data: { sourceId: `source-${n}`, name: `Source ${n}${'.'.repeat(padding)}`, kind: 'media' },
    metadata: { actor: 'test', schemaVersion: 1 },
  };
}

export function offerAnswered(n: number): EventToAppend {
  return {
    id: randomUUID(),
    type: 'OfferAnswered',
    data: {
      offerId: `offer-${n}`,
      answer: 'declined',
      sourceId: 'ua',
      statedAt: '2025-06-18T10:00:00Z',
    },
    metadata: { actor: 'test', schemaVersion: 1 },
  };
}

/** Appends `count` events, one append each, alternating two categories; returns nothing, read the log after. */
export async function appendMixed(store: EventStore, count: number, start = 0): Promise<void> {
  for (let i = start; i < start + count; i++) {
    if (i % 3 === 2) await store.appendToStream(`offer-${i}`, [offerAnswered(i)]);
    else await store.appendToStream(`source-${i}`, [sourceRegistered(i)]);
  }
}

/** The whole log, read in pages. */
export async function readLog(store: EventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for await (const page of readAllPages(store, { pageSize: 500 })) all.push(...page);
  return all;
}
