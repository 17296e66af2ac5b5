import { describeEventStoreContract } from '../testing/contract';
import { createEsdbEventStore } from './index';
import { type EsdbDouble, startEsdbDouble } from './testing/esdb-double';

/**
 * The port's contract, unchanged, against the EventStoreDB adapter: the unmodified client over
 * real gRPC on 127.0.0.1, talking to the wire double (which, like a real node, is shared by every
 * test and already holds system events).
 */
let double: EsdbDouble;

beforeAll(async () => {
  double = await startEsdbDouble();
});
afterAll(async () => {
  await double.stop();
});

describeEventStoreContract('esdb (wire double)', async () =>
  createEsdbEventStore({ connectionString: double.connectionString }),
);
