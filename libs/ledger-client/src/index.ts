/**
 * @ledger/ledger-client: follow the ledger from another service. `subscribe()` delivers each event
 * once, in log order, resuming by itself across reconnections; `LedgerEnvelope` is the typed
 * union of what it delivers.
 */
export * from './envelope';
export * from './protocol';
export {
  subscribe,
  SubscriptionRefusedError,
  type LedgerSubscription,
  type SubscribeOptions,
  type SubscriptionStatus,
  type SubscriptionTarget,
} from './subscribe';
