import { SEED_SCENARIO } from '@ledger/domain';
import { createMemoryEventStore, type JsonObject } from '@ledger/event-store';
import { LedgerWriter } from '../../libs/projections/src/testing/ledger-writer';

export interface SampleEvent {
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
}

/**
 * The event every append benchmark writes: the founding article's first transfer claim
 * (TransferReported, 1,245 bodies), as the real decider produced it, with the metadata the command
 * path attaches (actor, correlation, causation, command, schema version). Each system appends
 * this same event, one per append, under a fresh id.
 */
export async function sampleEvent(): Promise<SampleEvent> {
  const store = createMemoryEventStore();
  await new LedgerWriter(store).executeAll(SEED_SCENARIO);
  const events = await store.readAll({ filter: { eventTypes: ['TransferReported'] }, maxCount: 1 });
  await store.close();
  const first = events[0];
  if (first === undefined) throw new Error('the seed scenario reported no transfer');
  return { type: first.type, data: first.data, metadata: first.metadata };
}
