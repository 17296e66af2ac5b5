import { describeEventStoreContract } from '../testing/contract';
import { withUnrelatedEvents } from '../testing/contract-support';
import { describeLocalAdapterBehaviour } from '../testing/local-adapter-behaviour';
import { createMemoryEventStore } from './memory-event-store';

describeEventStoreContract('memory', () => withUnrelatedEvents(createMemoryEventStore()));
// Small catch-up pages make the contract's subscriptions cross page boundaries during catch-up.
describeEventStoreContract('memory, catch-up pages of 10', () =>
  withUnrelatedEvents(createMemoryEventStore({ catchUpPageSize: 10 })),
);
describeLocalAdapterBehaviour('memory', async (options) => createMemoryEventStore(options));
