import type { LedgerAccess } from '../access/ledger-access';
import type { AsOfArg } from '../as-of';
import { type CliIo, EXIT } from '../io';
import { json, replayProgress } from '../output';
import { renderAuditTrail } from '../render/audit-trail-text';

export async function auditTrailCommand(
  access: LedgerAccess,
  claimId: string,
  options: { asOf: AsOfArg | undefined; json: boolean; agreementId?: string },
  io: CliIo,
): Promise<number> {
  const trail = await access.auditTrail(
    claimId,
    options.asOf,
    replayProgress(io),
    options.agreementId,
  );
  io.stdout.write(options.json ? json(trail) : renderAuditTrail(trail));
  return EXIT.ok;
}
