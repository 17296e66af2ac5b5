/** Base class of every typed error the audit library throws. */
export abstract class AuditError extends Error {
  abstract readonly code: string;
}

/** Not AuditError's: the store's own, thrown by the one canonical JSON (@ledger/event-store). */
export { CanonicalJsonError } from '@ledger/event-store';

/** The signing key is missing, unreadable or not Ed25519. */
export class SigningKeyError extends AuditError {
  readonly code = 'signing_key';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SigningKeyError';
  }
}

/** The log cannot be extended or checkpointed because an event already in it breaks the audit trail. */
export class AuditTrailError extends AuditError {
  readonly code = 'audit_trail';
  constructor(
    message: string,
    readonly position?: bigint,
  ) {
    super(message);
    this.name = 'AuditTrailError';
  }
}

/** An inclusion proof was asked for a position that no checkpoint covers (yet), or that holds no event. */
export class ProofUnavailableError extends AuditError {
  readonly code = 'proof_unavailable';
  constructor(message: string) {
    super(message);
    this.name = 'ProofUnavailableError';
  }
}

/**
 * The log fails verification: it must not be extended or re-signed until an operator has looked
 * (writes answer 503 `ledger_integrity_failure`; reads stay available).
 */
export class LedgerIntegrityError extends AuditError {
  readonly code = 'ledger_integrity_failure';
  constructor(message: string) {
    super(message);
    this.name = 'LedgerIntegrityError';
  }
}
