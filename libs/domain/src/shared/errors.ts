/**
 * How the edge should read a domain error: a missing referenced thing (404), a clash with the
 * current state of the stream (409), a broken business rule (422), or malformed meaning (400).
 */
export type DomainErrorKind = 'not_found' | 'conflict' | 'rule' | 'invalid';

/** Every error code the domain throws, with its kind. Codes are stable: clients match on them. */
export const DOMAIN_ERROR_KINDS = {
  // not_found: a referenced thing does not exist
  source_not_registered: 'not_found',
  agreement_not_found: 'not_found',
  term_not_found: 'not_found',
  claim_not_found: 'not_found',
  dispute_not_found: 'not_found',
  offer_not_found: 'not_found',
  // conflict: the stream's current state forbids the command
  source_already_registered: 'conflict',
  agreement_already_signed: 'conflict',
  offer_already_made: 'conflict',
  claim_already_exists: 'conflict',
  dispute_already_exists: 'conflict',
  dispute_already_open: 'conflict',
  claim_retracted: 'conflict',
  claim_superseded: 'conflict',
  already_corroborated: 'conflict',
  offer_already_answered: 'conflict',
  dispute_status_unchanged: 'conflict',
  scope_link_already_exists: 'conflict',
  scopes_already_linked: 'conflict',
  scopes_in_two_links: 'conflict',
  // rule: well-formed, but the ledger's rules say no
  statement_in_future: 'rule',
  occurrence_after_statement: 'rule',
  date_in_future: 'rule',
  statement_before_claim: 'rule',
  party_not_in_agreement: 'rule',
  self_corroboration: 'rule',
  relay_not_independent: 'rule',
  affiliated_not_independent: 'rule',
  claim_unchanged: 'rule',
  claim_not_a_quantity: 'rule',
  claims_on_different_keys: 'rule',
  offer_unchanged: 'rule',
  relay_of_claimant: 'rule',
  corroborator_contradicts_claim: 'rule',
  corroboration_before_claim: 'rule',
  before_agreement_signed: 'rule',
  figure_older_than_live: 'rule',
  not_offering_party: 'rule',
  not_addressed_party: 'rule',
  ambiguous_term: 'rule',
  reporter_speaks_for_other_party: 'rule',
  count_sum_too_large: 'rule',
  scope_kinds_differ: 'rule',
  // invalid: the values themselves make no sense
  invalid_command: 'invalid',
  invalid_id: 'invalid',
  invalid_text: 'invalid',
  invalid_timestamp: 'invalid',
  invalid_date: 'invalid',
  invalid_period: 'invalid',
  invalid_scope: 'invalid',
  invalid_quantity: 'invalid',
  invalid_direction: 'invalid',
  invalid_link: 'invalid',
  invalid_parties: 'invalid',
  invalid_terms: 'invalid',
  invalid_source: 'invalid',
  invalid_status: 'invalid',
  unknown_event_type: 'invalid',
  unsupported_schema_version: 'invalid',
} as const satisfies Record<string, DomainErrorKind>;

export type DomainErrorCode = keyof typeof DOMAIN_ERROR_KINDS;

export const DOMAIN_ERROR_CODES = Object.keys(DOMAIN_ERROR_KINDS) as readonly DomainErrorCode[];

/** The one error type the domain throws: a stable code, its kind, and a message for humans. */
export class DomainError extends Error {
  readonly kind: DomainErrorKind;

  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
    this.kind = DOMAIN_ERROR_KINDS[code];
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/** Throws `code` unless `condition` holds: keeps deciders a list of readable guards. */
export function ensure(
  condition: boolean,
  code: DomainErrorCode,
  message: string,
): asserts condition {
  if (!condition) throw new DomainError(code, message);
}

/** A raw input value for an error message: never throws, whatever the caller sent. */
export function show(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
