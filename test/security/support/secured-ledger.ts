import type { Role } from '../../../apps/ledger-api/src/auth';
import {
  testKeys,
  UNREACHABLE_RATE_LIMIT,
} from '../../../apps/ledger-api/src/auth/testing/test-keys';
import {
  type RunningTestLedger,
  startTestLedger,
  type TestLedgerOptions,
} from '../../support/test-ledger';

/** A ledger with one test key per role and a rate limit no functional test reaches. */
export type SecuredLedger = RunningTestLedger<Role>;

export const startSecuredLedger = (
  options: Omit<TestLedgerOptions<Role>, 'keys'> = {},
): Promise<SecuredLedger> =>
  startTestLedger({
    keys: testKeys(),
    ...options,
    auth: { rateLimit: UNREACHABLE_RATE_LIMIT, ...options.auth },
  });
