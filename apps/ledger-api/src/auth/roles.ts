/**
 * Who may do what. A key holds one or more roles; every route names the roles it admits.
 * - recorder: enters commands (what was agreed, what each side claimed)
 * - analyst: reads the read models
 * - auditor: reads the read models and the audit trail (and, as they land, verify and export)
 * - subscriber: follows the event streams (server-sent events)
 * - metrics: reads GET /metrics only (the key a Prometheus scraper holds: no ledger data)
 * - admin: everything the others may do
 */
export const ROLES = ['recorder', 'analyst', 'auditor', 'subscriber', 'metrics', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Whether a key with `held` roles may use a route that admits `admitted`; admin implies every role. */
export function grants(held: readonly Role[], admitted: readonly Role[]): boolean {
  return held.includes('admin') || held.some((role) => admitted.includes(role));
}
