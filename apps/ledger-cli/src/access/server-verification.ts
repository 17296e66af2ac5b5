import { keyIdOf, publicKeyFromPem } from '@ledger/audit';
import type { VerifyOutcome } from './ledger-access';

/** GET /audit/verify's answer. */
export type ServerReport = Omit<VerifyOutcome, 'verifiedBy' | 'trustedKeys'> & {
  readonly latestCheckpoint:
    | (NonNullable<VerifyOutcome['latestCheckpoint']> & {
        readonly rootHash?: string;
        readonly signature?: string;
      })
    | null;
};

/**
 * The server verified with its own key. When the auditor pinned keys (--public-key), a log whose
 * latest checkpoint is signed by another key fails here: the server's "ok" is only worth the key
 * it trusted.
 */
export function checkServerKey(
  report: ServerReport,
  trustedKeyPems: readonly string[],
): VerifyOutcome {
  const outcome = { ...report, verifiedBy: 'the server' as const };
  if (trustedKeyPems.length === 0)
    return {
      ...outcome,
      trustedKeys: "the server's own key (pass --public-key to pin the key you expect)",
    };
  const ids = trustedKeyPems.map((pem) => keyIdOf(publicKeyFromPem(pem)));
  const trustedKeys = `the key${ids.length === 1 ? '' : 's'} given (${ids.join(', ')})`;
  const signedBy = report.latestCheckpoint?.keyId;
  if (!report.ok || signedBy === undefined || ids.includes(signedBy))
    return { ...outcome, trustedKeys };
  return {
    ...outcome,
    trustedKeys,
    ok: false,
    firstFailure: {
      position: report.latestCheckpoint?.position ?? '0',
      stream: 'audit-checkpoints',
      revision: '?',
      check: 'checkpoint_key',
      detail: `the server's checkpoints are signed by key ${signedBy}, which is not one you trust`,
    },
  };
}
