import type { LedgerAccess } from '../access/ledger-access';
import type { AsOfArg } from '../as-of';
import { type CliIo, EXIT } from '../io';
import { json, replayProgress } from '../output';
import { renderAuditTrail } from '../render/audit-trail-text';

export async function auditTrailCommand(
  access: LedgerAccess,
  claimId: string,
  options: { asOf: AsOfArg | undefined; json: boolean },
  io: CliIo,
): Promise<number> {
  const trail = await access.auditTrail(claimId, options.asOf, replayProgress(io));
  io.stdout.write(options.json ? json(trail) : renderAuditTrail(trail));
  return EXIT.ok;
}
