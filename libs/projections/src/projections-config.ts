import { ConfigError } from '@ledger/config';

/**
 * inline: the API process runs the projection runner on the embedded store (the default);
 * external: apps/projector writes the read models (EventStoreDB deployments) and the API only
 * reads them.
 */
export type ProjectionsMode = 'inline' | 'external';

export interface ProjectionsConfig {
  readonly mode: ProjectionsMode;
  /** How long a query with minPosition (or a future asOfPosition) waits for the projections, in ms. */
  readonly queryWaitMs: number;
}

const MAX_WAIT_MS = 30_000;

/** Reads LEDGER_PROJECTIONS and LEDGER_QUERY_WAIT_MS; bad values throw a ConfigError naming them. */
export function loadProjectionsConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): ProjectionsConfig {
  const problems: string[] = [];
  const rawMode = env.LEDGER_PROJECTIONS || 'inline';
  if (rawMode !== 'inline' && rawMode !== 'external')
    problems.push(`LEDGER_PROJECTIONS=${JSON.stringify(rawMode)} is not one of inline, external`);
  const rawWait = env.LEDGER_QUERY_WAIT_MS || '5000';
  const queryWaitMs = /^\d{1,6}$/.test(rawWait) ? Number(rawWait) : NaN;
  if (!(queryWaitMs <= MAX_WAIT_MS))
    problems.push(
      `LEDGER_QUERY_WAIT_MS=${JSON.stringify(rawWait)} is not a number of milliseconds from 0 to ${MAX_WAIT_MS}`,
    );
  if (problems.length > 0) throw new ConfigError(problems);
  return { mode: rawMode === 'external' ? 'external' : 'inline', queryWaitMs };
}
