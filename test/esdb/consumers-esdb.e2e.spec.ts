import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEsdbEventStore } from '../../libs/event-store/src/esdb';
import { spawnEsdbDouble } from '../../libs/event-store/src/esdb/testing/double-process';
import { describeConsumerContract } from './support/consumer-contract';

// The EventStoreDB wire double as a process of its own; every consumer is a gRPC client of it.
describeConsumerContract('esdb (wire double process)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'consumers-esdb-log-'));
  const double = await spawnEsdbDouble({ dataFile: join(dir, 'log.jsonl') });
  return {
    env: { LEDGER_STORE: 'esdb', EVENTSTORE_CONNECTION_STRING: double.connectionString },
    open: () => createEsdbEventStore({ connectionString: double.connectionString }),
    close: async () => {
      await double.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
