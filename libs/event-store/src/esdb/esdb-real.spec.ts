import { describeEventStoreContract } from '../testing/contract';
import { createEsdbEventStore } from './index';

/**
 * The port's contract against a real EventStoreDB: `npm run test:esdb` with
 * EVENTSTORE_CONNECTION_STRING set (see docs/EVENTSTOREDB.md). Otherwise the suite shows as
 * skipped, with the reason in its name: it never counts as passed.
 */
const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (process.env.LEDGER_TEST_REAL_ESDB === '1' && connectionString) {
  describeEventStoreContract(
    `esdb (real server at ${connectionString.replace(/\/\/[^@/]*@/, '//')})`,
    async () => createEsdbEventStore({ connectionString }),
  );
} else {
  describe.skip('esdb (real server): set EVENTSTORE_CONNECTION_STRING to run against a real EventStoreDB (npm run test:esdb)', () => {
    it('runs the event-store contract against a real EventStoreDB', () => {
      throw new Error('not reached: the suite is skipped');
    });
  });
}
