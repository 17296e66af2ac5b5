/** The checkpoint signing key (a SigningKey of @ledger/audit): one per ledger. */
export const AUDIT_SIGNING_KEY = Symbol('AUDIT_SIGNING_KEY');
