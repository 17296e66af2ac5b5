import 'reflect-metadata';
import { ConfigError, loadConfig } from '@ledger/config';
import { createLedgerApp } from './app.factory';

async function main(): Promise<void> {
  let config;
  let app;
  try {
    config = loadConfig();
    // Also validates the settings read as the app is built (API keys, rate limit, CORS, SSE).
    app = await createLedgerApp(config);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  await app.listen(config.port, config.host);
  // The port actually bound: with PORT=0 the system picks one, and tools starting the ledger read it here.
  const address: unknown = app.getHttpServer().address();
  const port =
    typeof address === 'object' && address !== null && 'port' in address
      ? address.port
      : config.port;
  const base = `http://${config.host}:${String(port)}`;
  console.log(
    `Ledger API listening on ${base} (store: ${config.store}, data: ${config.dataDir})\n` +
      `  dashboard ${base}/   docs ${base}/docs   health ${base}/health/ready`,
  );
}

main().catch((error: unknown) => {
  console.error('The ledger failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
