// Canonical JSON (RFC 8785) lives in @ledger/event-store, whose stores compare events with it;
// the audit library hashes with the very same function.
export { canonicalJson, MAX_CANONICAL_DEPTH } from '@ledger/event-store';
