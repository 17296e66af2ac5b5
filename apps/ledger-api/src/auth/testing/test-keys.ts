import { type ApiKeyRecord, newApiKey } from '../api-key';
import type { AuthOptions } from '../auth-settings';
import { ROLES, type Role } from '../roles';

/** One key per role (named `<role>-test`), made fresh for each test run: tokens never committed. */
export interface TestKeys {
  readonly records: readonly ApiKeyRecord[];
  readonly tokens: Readonly<Record<Role, string>>;
  /** `{ authorization: 'Bearer …' }` for the key holding `role`. */
  header(role: Role): { authorization: string };
}

/** Limits no functional test reaches; the rate-limit test sets its own. */
export const UNREACHABLE_RATE_LIMIT = { limit: 1_000_000_000, windowMs: 60_000 } as const;

export function testKeys(): TestKeys {
  const made = ROLES.map((role) => ({ role, ...newApiKey(`${role}-test`, [role]) }));
  const tokens = Object.fromEntries(made.map((k) => [k.role, k.token])) as Record<Role, string>;
  return {
    records: made.map((k) => k.record),
    tokens,
    header: (role) => ({ authorization: `Bearer ${tokens[role]}` }),
  };
}

/** What createLedgerApp takes to accept these keys, with a rate limit no functional test reaches. */
export function testAuthOptions(keys: TestKeys, overrides: AuthOptions = {}): AuthOptions {
  return { apiKeys: keys.records, rateLimit: UNREACHABLE_RATE_LIMIT, ...overrides };
}

/** The keys as LEDGER_API_KEYS holds them, for a ledger run as a child process. */
export function keysEnv(keys: TestKeys): string {
  return JSON.stringify({ keys: keys.records });
}
