import { isPerDirection } from '../quantity/quantity-key';
import { assertNever, type Decider } from '../shared/messages';
import { agreementStreamFor } from '../shared/streams';
import { requireCommand, requireId } from '../shared/validation';
import { type SourceLookup } from '../sources/source-decider';
import { type AgreementCommand } from './agreement-commands';
import { type AgreementEvent, type ClaimEvent } from './agreement-events';
import { evolveAgreement, foldAgreement } from './agreement-evolve';
import { type AgreementState, initialAgreementState } from './agreement-state';
import { corroborateClaim, retractClaim, reviseClaim } from './claim-lifecycle';
import { claimCharacterization, claimTermCompletion, reportTransfer } from './claims';
import { defaultDisputeId, detectDisputes } from './disputes';
import { changeDisputeStatus, raiseDispute } from './disputes-by-person';
import { reconcileTotals } from './reconciliation';
import { recordInference } from './inferences';
import { requireSafeSums } from './count-sums';
import { linkScopes } from './scope-links';
import { signAgreement } from './sign-agreement';

/** Cross-aggregate facts for agreement commands: the sources the command and its claim name. */
export type AgreementContext = SourceLookup;

/**
 * Appends what the ledger derives from a change to a quantity claim: disputes on its key, then its
 * claimant's reconciliation. Everything returned is appended together with the claim event, so
 * the derived events' causation is the first event of the batch.
 */
function withScrutiny(
  state: AgreementState,
  primary: ClaimEvent[],
  claimId: string,
  disputeId: string,
): AgreementEvent[] {
  const afterClaim = foldAgreement(state, primary);
  if (afterClaim.status !== 'signed') return primary;
  const claim = afterClaim.claims.get(claimId);
  if (claim?.kind !== 'transfer') return primary;
  if (claim.status === 'live') requireSafeSums(afterClaim, claim);
  const disputes = detectDisputes(afterClaim, claim, disputeId);
  const afterDisputes = foldAgreement(afterClaim, disputes);
  if (afterDisputes.status !== 'signed') return primary;
  // A whole-exchange figure is no claimant's per-direction phase or total: nothing to reconcile.
  if (!isPerDirection(claim.scope)) return [...primary, ...disputes];
  return [...primary, ...disputes, ...reconcileTotals(afterDisputes, claim)];
}

/** The id a dispute caused by this claim gets: the command's, validated, or the default derived from the claim. */
function disputeIdFor(disputeId: string | undefined, claimId: string): string {
  return disputeId === undefined ? defaultDisputeId(claimId) : requireId('disputeId', disputeId);
}

function decideAgreement(
  command: AgreementCommand,
  state: AgreementState,
  context: AgreementContext,
): AgreementEvent[] {
  requireCommand(command);
  switch (command.type) {
    case 'SignAgreement':
      return signAgreement(command, state);
    case 'ReportTransfer': {
      const events = reportTransfer(command, state, context);
      const { claimId, disputeId } = command.data;
      return withScrutiny(state, events, claimId, disputeIdFor(disputeId, claimId));
    }
    case 'ReviseClaim': {
      const events = reviseClaim(command, state, context);
      const { newClaimId, disputeId } = command.data;
      return withScrutiny(state, events, newClaimId, disputeIdFor(disputeId, newClaimId));
    }
    case 'RetractClaim': {
      const events = retractClaim(command, state);
      const { claimId } = command.data;
      return withScrutiny(state, events, claimId, defaultDisputeId(claimId));
    }
    case 'ClaimTermCompletion':
      return claimTermCompletion(command, state, context);
    case 'ClaimCharacterization':
      return claimCharacterization(command, state, context);
    case 'CorroborateClaim':
      return corroborateClaim(command, state, context);
    case 'RaiseDispute':
      return raiseDispute(command, state);
    case 'ChangeDisputeStatus':
      return changeDisputeStatus(command, state);
    case 'RecordInference':
      return recordInference(command, state);
    case 'LinkScopes':
      return linkScopes(command, state);
    default:
      return assertNever(command, 'agreement command');
  }
}

/** A source the command names, and the source of the claim it acts on (when the claim exists). */
function withClaimant(sourceId: string, claimId: string, state: AgreementState): string[] {
  const claim = state.status === 'signed' ? state.claims.get(claimId) : undefined;
  return claim === undefined ? [sourceId] : [sourceId, claim.sourceId];
}

/**
 * The registered sources a handler must load into the context before deciding `command` on
 * `state`: the command's own source; for a corroboration also the claimant (to weigh
 * independence); for a revision reported by another source, that reporter and the claimant.
 */
export function sourcesNeededForAgreementCommand(
  command: AgreementCommand,
  state: AgreementState,
): string[] {
  requireCommand(command);
  if (namesNoSource(command)) return [];
  switch (command.type) {
    case 'ReportTransfer':
    case 'ClaimTermCompletion':
    case 'ClaimCharacterization':
      return [command.data.sourceId];
    case 'CorroborateClaim':
      return withClaimant(command.data.sourceId, command.data.claimId, state);
    case 'ReviseClaim':
      return command.data.reportedBy === undefined
        ? []
        : withClaimant(command.data.reportedBy, command.data.claimId, state);
    default:
      return assertNever(command, 'agreement command');
  }
}

/** Commands that name no registered source: their deciders need no context. */
const NAMING_NO_SOURCE = [
  'SignAgreement',
  'RecordInference',
  'RetractClaim',
  'RaiseDispute',
  'ChangeDisputeStatus',
  'LinkScopes',
] as const satisfies readonly AgreementCommand['type'][];

function namesNoSource(
  command: AgreementCommand,
): command is Extract<AgreementCommand, { type: (typeof NAMING_NO_SOURCE)[number] }> {
  return (NAMING_NO_SOURCE as readonly string[]).includes(command.type);
}

export const agreementDecider: Decider<
  AgreementCommand,
  AgreementEvent,
  AgreementState,
  AgreementContext
> = {
  initialState: initialAgreementState,
  evolve: evolveAgreement,
  fold: foldAgreement,
  decide: decideAgreement,
  streamFor: (command) => agreementStreamFor(requireCommand(command).data.agreementId),
  streamExpectation: (command) =>
    requireCommand(command).type === 'SignAgreement' ? 'new' : 'existing',
};
