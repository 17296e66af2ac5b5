import { ConfigError, type LedgerConfig, loadConfig } from '@ledger/config';
import { runProjector } from './projector';

/**
 * apps/projector: `node dist/apps/projector/src/main.js [run | rebuild [--verify] | status]`, with
 * the same environment as the API (LEDGER_STORE, LEDGER_DATA_DIR, EVENTSTORE_CONNECTION_STRING…).
 */
async function main(): Promise<number> {
  let config: LedgerConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  process.once('SIGTERM', () => stop.abort());
  return runProjector(process.argv.slice(2), config, {
    stdout: process.stdout,
    stderr: process.stderr,
    signal: stop.signal,
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('The projector failed:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
