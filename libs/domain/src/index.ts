/**
 * @ledger/domain: the negotiation-outcomes ledger as data plus pure functions. No framework, no
 * I/O, no clock: time comes in command metadata, ids in command data, cross-aggregate facts in a
 * context the handler loads.
 */
export * from './shared/errors';
export * from './shared/messages';
export * from './shared/streams';
export {
  APPROXIMATE_DAYS,
  CLOCK_SKEW_MS,
  formatInstant,
  normalizeInstant,
  parseDate,
  parseInstant,
  STATEMENT_PRECISIONS,
  type StatementPrecision,
  type StatementTime,
  statementLatest,
} from './shared/time';

export * from './quantity/quantity';
export * from './quantity/quantity-key';

export * from './sources/source-events';
export * from './sources/source-commands';
export * from './sources/source-decider';

export * from './agreements/agreement-events';
export * from './agreements/agreement-commands';
export * from './agreements/agreement-state';
export {
  agreementDecider,
  type AgreementContext,
  sourcesNeededForAgreementCommand,
} from './agreements/agreement-decider';
export { defaultDisputeId } from './agreements/disputes';
export { PERSON_DISPUTE_STATUSES } from './agreements/disputes-by-person';
export { phasesAgainstTotal } from './agreements/reconciliation';
export { framingKey, framingKeysOf } from './agreements/framing-key';

export * from './offers/offer-events';
export * from './offers/offer-commands';
export * from './offers/offer-decider';

export * from './ledger';
export * from './command-routes';

export { SEED_IDS, SEED_SCENARIO } from './seed/seed-scenario';
