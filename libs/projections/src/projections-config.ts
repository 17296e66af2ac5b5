/**
 * inline: the API process runs the projection runner on the embedded store (the default);
 * external: apps/projector writes the read models (EventStoreDB deployments) and the API only
 * reads them. Read from LEDGER_PROJECTIONS and LEDGER_QUERY_WAIT_MS by @ledger/config.
 */
export type ProjectionsMode = 'inline' | 'external';

export interface ProjectionsConfig {
  readonly mode: ProjectionsMode;
  /** How long a query with minPosition (or a future asOfPosition) waits for the projections, in ms. */
  readonly queryWaitMs: number;
}
