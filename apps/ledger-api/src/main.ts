import 'reflect-metadata';
import { ConfigError, loadConfig } from '@ledger/config';
import { createLedgerApp } from './app.factory';
import { reportReady, superviseWorkers, workerRole } from './cluster/workers';
import { createLogger } from './logging/logger';

async function main(): Promise<void> {
  let config;
  let app;
  let logger;
  try {
    config = loadConfig();
    // Also validates the settings read as the app is built (API keys, rate limit, CORS, SSE).
    logger = createLogger(config.log);
    if (config.workers > 1 && workerRole() === undefined)
      process.exit(await superviseWorkers(config, logger));
    app = await createLedgerApp(config, { logger });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  if (workerRole() === 'projector') {
    // Projects and signs checkpoints for the API processes of LEDGER_WORKERS; serves nothing.
    await app.init();
    logger.info(`Ledger projector running (store: ${config.store}, data: ${config.dataDir})`);
    reportReady();
    return;
  }
  await app.listen(config.port, config.host);
  // The port actually bound: with PORT=0 the system picks one, and tools starting the ledger read it here.
  const address: unknown = app.getHttpServer().address();
  const port =
    typeof address === 'object' && address !== null && 'port' in address
      ? address.port
      : config.port;
  const base = `http://${config.host}:${String(port)}`;
  logger.info(
    { url: base, dashboard: `${base}/`, docs: `${base}/docs`, health: `${base}/health/ready` },
    `Ledger API listening on ${base} (store: ${config.store}, data: ${config.dataDir}) — ` +
      `dashboard ${base}/  docs ${base}/docs  health ${base}/health/ready`,
  );
  reportReady();
}

main().catch((error: unknown) => {
  console.error('The ledger failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
