import { type LedgerEvent, type LedgerEventType } from '@ledger/domain';
import { type ReadAccess, type RowChange } from '../read-model/row';
import { projectAuditTrail } from './audit-trail-projection';
import {
  projectCharacterizationClaimed,
  projectClaimCorroborated,
  projectClaimRetracted,
  projectClaimRevised,
  projectCompletionClaimed,
  projectTransferReported,
} from './claims-projection';
import {
  projectDisputeClaimsChanged,
  projectDisputeStatusChanged,
  projectFigureDisputed,
  projectTotalsEvent,
} from './discrepancies-projection';
import { projectFigureInferred } from './inferences-projection';
import { type ProjectedEvent } from './projected-event';
import {
  projectAgreementSigned,
  projectOfferAnswered,
  projectOfferMade,
  projectOfferRevised,
  projectScopesLinked,
  projectSourceRegistered,
} from './sources-agreements-offers';

type Handler<T extends LedgerEventType> = (
  e: ProjectedEvent<Extract<LedgerEvent, { type: T }>>,
  read: ReadAccess,
) => RowChange[];

/** Which read model each event type changes (besides the audit trail, which every agreement event feeds). */
const READ_MODEL_PROJECTIONS: { readonly [T in LedgerEventType]: Handler<T> } = {
  SourceRegistered: projectSourceRegistered,
  AgreementSigned: projectAgreementSigned,
  TransferReported: projectTransferReported,
  AgreementTermCompletionClaimed: projectCompletionClaimed,
  CharacterizationClaimed: projectCharacterizationClaimed,
  ClaimRevised: projectClaimRevised,
  ClaimRetracted: projectClaimRetracted,
  ClaimCorroborated: projectClaimCorroborated,
  FigureDisputed: projectFigureDisputed,
  DisputeClaimsChanged: projectDisputeClaimsChanged,
  DisputeStatusChanged: projectDisputeStatusChanged,
  TotalsDiscrepancyDetected: projectTotalsEvent,
  TotalsReconciled: projectTotalsEvent,
  TotalsNoLongerComparable: projectTotalsEvent,
  ScopesLinked: projectScopesLinked,
  OfferMade: projectOfferMade,
  OfferRevised: projectOfferRevised,
  OfferAnswered: projectOfferAnswered,
  FigureInferred: projectFigureInferred,
};

function projectReadModels(e: ProjectedEvent, read: ReadAccess): RowChange[] {
  // The table is keyed by event type, so the handler found for e.event.type takes this very event.
  const handler = READ_MODEL_PROJECTIONS[e.event.type] as Handler<LedgerEventType>;
  return handler(e, read);
}

/**
 * The projection: a pure function of the current read-model rows and one event, returning the
 * rows the event changes. Every read model sees the rows as they were before the event, so the
 * order of the read models does not matter; each table is written by one read model only.
 */
export function projectEvent(e: ProjectedEvent, read: ReadAccess): RowChange[] {
  return [...projectReadModels(e, read), ...projectAuditTrail(e, read)];
}
