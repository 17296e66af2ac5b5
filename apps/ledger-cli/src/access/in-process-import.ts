import { userInfo } from 'node:os';
import type { LedgerConfig } from '@ledger/config';
import type { ScenarioRequest } from '../scenario';
import { importLineOf, requestHeaders } from './import-line';
import type { ImportOptions } from './ledger-access';

/** Who imports: the person running the program, in the form an API key name takes. */
export function defaultActor(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no user name (a container without passwd entry): keep "unknown"
  }
  return `ledger-cli@${user}`.replace(/[^A-Za-z0-9._@-]/g, '-').slice(0, 80);
}

/**
 * Enters a scenario into a data directory without a running API, through the API's own command
 * path: the application is built in this process (no port), each command is injected as the HTTP
 * request it would be (validation, deciders, idempotency, the hash chain), under a key made for
 * this run alone. At the end one checkpoint is signed over everything imported.
 */
export async function importInProcess(
  dataDir: string,
  requests: readonly ScenarioRequest[],
  configured: LedgerConfig,
  options: ImportOptions,
): Promise<void> {
  // Loaded here: Nest and the API are paid for by this command only.
  const { createLedgerApp } = await import('../../../ledger-api/src/app.factory');
  const { newApiKey } = await import('../../../ledger-api/src/auth');
  const { CheckpointsService } = await import('../../../ledger-api/src/audit/checkpoints.service');
  // The read models are left to the ledger's own projector: this process only appends, and signs
  // one checkpoint at the end rather than on a schedule.
  const config: LedgerConfig = {
    ...configured,
    store: 'sqlite',
    dataDir,
    projections: { ...configured.projections, mode: 'external' },
    audit: { ...configured.audit, checkpointer: 'off' },
  };
  const { record, token } = newApiKey(options.actor ?? defaultActor(), ['recorder']);
  const auth = { apiKeys: [record], rateLimit: { limit: 1_000_000_000, windowMs: 60_000 } };
  const app = await createLedgerApp(config, { logger: false, auth });
  await app.init();
  try {
    const headers = { authorization: `Bearer ${token}`, correlationId: options.correlationId };
    options.progress.restart();
    for (const [index, request] of requests.entries()) {
      const answer = await app.inject({
        method: 'POST',
        url: request.path,
        headers: requestHeaders(request, headers),
        payload: JSON.stringify(request.body),
      });
      const line = importLineOf(
        index,
        request,
        answer.statusCode,
        answer.headers['idempotent-replayed'] as string | undefined,
        answer.body,
      );
      options.onLine(line);
      options.progress.update(index + 1, requests.length);
      if (line.refusal !== undefined) break;
    }
    // Whatever was entered, up to a refusal, is covered by a signature before the program ends.
    await app.get(CheckpointsService).checkpointNow();
  } finally {
    await app.close();
  }
}
