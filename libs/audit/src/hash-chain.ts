import { map } from 'rxjs';
import type {
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
  SubscribeToStreamOptions,
  SubscriptionMessage,
} from '@ledger/event-store';
import { ChainedAppender } from './chained-appender';
import { AUDIT_METADATA_KEY, withoutAudit } from './event-hash';

/** Where a decorated store keeps the store it decorates: reads through it see the audit fields. */
const INNER_STORE = Symbol.for('@ledger/audit.innerStore');

export interface HashChainOptions {
  /** How often an append under 'any' or 'stream_exists' is retried when a racing writer moves the stream. */
  readonly maxAttempts?: number;
}

/** True when the store already computes the hash chain (wrapping twice would reject every append). */
export function isHashChained(store: EventStore): boolean {
  return innerStoreOf(store) !== undefined;
}

function innerStoreOf(store: EventStore): EventStore | undefined {
  return (store as unknown as Record<symbol, EventStore | undefined>)[INNER_STORE];
}

/**
 * The store as the auditor reads it: events with their `metadata.audit`. A hash-chained store
 * hides those fields from ordinary readers; the verifier, the checkpointer and proofs read here.
 */
export function auditView(store: EventStore): EventStore {
  return innerStoreOf(store) ?? store;
}

/**
 * Decorates any adapter so that every appended event carries `metadata.audit`: its hash, chained
 * to the hash of the event before it in its stream. The chain is computed from the stream's
 * actual last event and appended with that exact expected revision, so a racing writer makes the
 * append fail (and, under 'any', retry) rather than break the chain. Everything else — reads,
 * subscriptions, errors, idempotent retries by event id — behaves as the port says, and readers
 * get back exactly the metadata they wrote (see auditView for the fields).
 */
export function withHashChain<S extends EventStore>(store: S, options: HashChainOptions = {}): S {
  if (isHashChained(store)) return store;
  const appender = new ChainedAppender(store, options.maxAttempts ?? 10);
  const overrides: Partial<Record<PropertyKey, unknown>> = {
    [INNER_STORE]: store,
    appendToStream: appender.append,
    readStream: async (stream: string, o?: ReadStreamOptions) =>
      (await store.readStream(stream, o)).map(hideAudit),
    readAll: async (o?: ReadAllOptions) => (await store.readAll(o)).map(hideAudit),
    subscribeToAll: (o?: SubscribeToAllOptions) =>
      store.subscribeToAll(o).pipe(map(hideAuditInMessage)),
    subscribeToStream: (stream: string, o?: SubscribeToStreamOptions) =>
      store.subscribeToStream(stream, o).pipe(map(hideAuditInMessage)),
  };
  // A proxy, so adapter-specific extras (liveListenerCount, …) stay reachable through the decorator.
  return new Proxy(store, {
    get(target, property) {
      if (property in overrides) return overrides[property];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function'
        ? (value as (...args: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}

function hideAudit(event: RecordedEvent): RecordedEvent {
  return AUDIT_METADATA_KEY in event.metadata
    ? { ...event, metadata: withoutAudit(event.metadata) }
    : event;
}

function hideAuditInMessage(message: SubscriptionMessage): SubscriptionMessage {
  return message.kind === 'event' ? { kind: 'event', event: hideAudit(message.event) } : message;
}
