/**
 * @ledger/projections: the read models (temporal SQLite tables, one version per change), the pure
 * projection of ledger events into them, the runner that keeps them up to date from the store's
 * $all subscription, rebuilds, and the queries, answerable as of any global position.
 */
export * from './read-model/row';
export * from './read-model/tables';
export * from './read-model/inferences-table';
export {
  ReadModelDb,
  ReadModelUnavailableError,
  type Checkpoint,
  type Projection,
} from './read-model/read-model-db';
export { readModelDigest, type ReadModelDigest } from './read-model/digest';
export { createDeferredIndexes, createReadModelSchema } from './read-model/schema';
export { currentGeneration, DEFAULT_GENERATION, POINTER_FILE } from './read-model/generations';
export { projectEvent } from './projection/project';
export { toProjectedEvent, type ProjectedEvent } from './projection/projected-event';
export {
  ProjectionRunner,
  type ProjectionRunnerOptions,
  type RunnerLogger,
  type RunnerState,
} from './runner/projection-runner';
export {
  rebuildReadModels,
  type RebuildOptions,
  type RebuildProgress,
  type RebuildReport,
} from './runner/rebuild';
export { progressBar, renderProgress, type ProgressOutput } from './runner/progress';
export { ReadModels, type ReadModelsOptions } from './read-models';
export * from './queries/query-sql';
export * from './queries/views';
export {
  computeTotals,
  figureStands,
  occurrenceLast,
  type ClaimTimeFilter,
  type TotalsAgreement,
  type ClaimantTotals,
  type PhaseAcrossClaimants,
  type TotalsGroup,
  type TotalsParts,
  type FigureView,
} from './queries/totals';
export {
  computeExchanges,
  type ExchangeDirection,
  type ExchangeFigure,
  type ExchangeTotals,
  type ExchangeVerdict,
} from './queries/exchanges';
export {
  ratioCheck,
  type ClaimantRatio,
  type RatioCheck,
  type RatioFigure,
  type RatioFulfilment,
  type RatioVerdict,
} from './queries/ratio';
export {
  verdictOf,
  type ClaimantFulfilment,
  type DeliveryVerdict,
  type Fulfilment,
  type FulfilmentVerdict,
} from './queries/fulfilment';
export {
  ReadModelQueries,
  type AgreementDetail,
  type ClaimFilter,
  type DiscrepancyFilter,
  type OfferFilter,
  type SourceFilter,
} from './queries/read-model-queries';
export { type ProjectionsConfig, type ProjectionsMode } from './projections-config';
