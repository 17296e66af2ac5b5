import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteEventStore } from '@ledger/event-store';
import { describeConsumerContract } from './support/consumer-contract';

// Every consumer opens the same log file with its own connection, as separate processes do.
describeConsumerContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'consumers-sqlite-log-'));
  const file = join(dir, 'ledger.db');
  return {
    env: { LEDGER_STORE: 'sqlite' },
    open: () => createSqliteEventStore({ file, synchronous: 'NORMAL' }),
    close: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
