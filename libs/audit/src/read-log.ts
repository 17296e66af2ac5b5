import type { EventStore, RecordedEvent } from '@ledger/event-store';

/**
 * $all in pages, from just after `afterPosition` (the start when absent) up to `headPosition`
 * inclusive: how the audit code reads a log of any length in bounded memory. Every read starts
 * at a position some event holds, since EventStoreDB refuses positions between events: the page
 * after `p` is read from `p` inclusive and `p` itself dropped.
 */
export async function* pagesOfAll(
  store: EventStore,
  headPosition: bigint,
  pageSize: number,
  afterPosition?: bigint,
): AsyncGenerator<RecordedEvent[]> {
  let after = afterPosition;
  for (;;) {
    const maxCount = after === undefined ? pageSize : pageSize + 1;
    const options = { direction: 'forwards', toPosition: headPosition, maxCount } as const;
    const read = await store.readAll(
      after === undefined ? options : { ...options, fromPosition: after },
    );
    const page =
      after === undefined ? read : read.filter((event) => event.position > (after as bigint));
    const last = page.at(-1);
    if (last === undefined) return;
    yield page;
    if (read.length < maxCount || last.position >= headPosition) return;
    after = last.position;
  }
}
