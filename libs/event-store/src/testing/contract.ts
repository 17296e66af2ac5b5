import type { EventStore } from '../port';
import { describeAppendContract } from './contract-appends';
import { describeReadContract } from './contract-reads';
import { describeSubscriptionContract } from './contract-subscriptions';
import type { ContractContext } from './contract-support';

export interface ContractOptions {
  /** How long to wait for subscription deliveries before failing (default 5000 ms). */
  readonly deliveryTimeoutMs?: number;
}

/**
 * Registers jest describe/it blocks proving `open()`'s store honours the port. `open` is called
 * for each describe (and by the tests that need a store of their own) and the suite closes what
 * it opened.
 *
 * Every test works on a shared, non-empty store: stream names carry a unique tag, $all reads
 * filter by that tag or compare with positions the test wrote itself, and positions are only
 * assumed to increase strictly, never to be contiguous.
 */
export function describeEventStoreContract(
  adapterName: string,
  open: () => Promise<EventStore>,
  options: ContractOptions = {},
): void {
  const deliveryTimeoutMs = options.deliveryTimeoutMs ?? 5000;
  describe(`${adapterName}: event store contract`, () => {
    for (const section of [
      describeAppendContract,
      describeReadContract,
      describeSubscriptionContract,
    ]) {
      section(sharedStoreContext(open, deliveryTimeoutMs));
    }
  });
}

/** Opens one store before a section's tests and closes it after them. */
function sharedStoreContext(
  open: () => Promise<EventStore>,
  deliveryTimeoutMs: number,
): ContractContext {
  let opened: EventStore | undefined;
  return {
    deliveryTimeoutMs,
    open,
    store: () => {
      if (!opened) throw new Error('The contract suite has not opened its store yet');
      return opened;
    },
    // Called inside each section's describe, so the hooks belong to that section.
    useStore: () => {
      beforeAll(async () => {
        opened = await open();
      });
      afterAll(async () => {
        await opened?.close();
        opened = undefined;
      });
    },
  };
}
