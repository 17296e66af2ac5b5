import type { EventStore, RecordedEvent } from '@ledger/event-store';

/**
 * $all in pages, from `fromPosition` (inclusive; the start when absent) up to `headPosition`
 * inclusive: how the audit code reads a log of any length in bounded memory.
 */
export async function* pagesOfAll(
  store: EventStore,
  headPosition: bigint,
  pageSize: number,
  fromPosition?: bigint,
): AsyncGenerator<RecordedEvent[]> {
  let from = fromPosition;
  for (;;) {
    const options = {
      direction: 'forwards',
      toPosition: headPosition,
      maxCount: pageSize,
    } as const;
    const page = await store.readAll(
      from === undefined ? options : { ...options, fromPosition: from },
    );
    const last = page.at(-1);
    if (last === undefined) return;
    yield page;
    if (page.length < pageSize || last.position >= headPosition) return;
    from = last.position + 1n;
  }
}
