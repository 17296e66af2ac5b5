import { createMemoryEventStore, type EventStore } from '@ledger/event-store';
import { describeConsumerContract } from './support/consumer-contract';

// Every consumer shares one in-process store (closing it is left to the suite's end).
describeConsumerContract('memory', async () => {
  const store = createMemoryEventStore();
  const shared: EventStore = Object.assign(Object.create(store) as EventStore, {
    close: async () => undefined,
  });
  return { env: { LEDGER_STORE: 'memory' }, open: () => shared, close: () => store.close() };
});
