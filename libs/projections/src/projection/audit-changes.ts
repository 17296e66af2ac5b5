import {
  framingKeysOf,
  type JsonValue,
  type LedgerEvent,
  type LedgerEventType,
} from '@ledger/domain';
import { type ReadAccess } from '../read-model/row';
import { DISCREPANCIES, RECONCILIATIONS } from '../read-model/tables';

/** One claim an event touched, and what changed for that claim. */
export interface Touch {
  readonly claimId: string;
  /** The source whose statement the event records (the claimant, a corroborator, a rival framing). */
  readonly sourceId?: string;
  readonly statedAt?: string;
  readonly change: JsonValue;
  readonly caused?: JsonValue[];
}

const json = (value: unknown): JsonValue => value as JsonValue;

function optional<T>(key: string, value: T | undefined): Record<string, T> {
  return value === undefined ? {} : { [key]: value };
}

type Describe<T extends LedgerEventType> = (
  event: Extract<LedgerEvent, { type: T }>,
  read: ReadAccess,
) => Touch[];

function disputedClaimIds(read: ReadAccess, agreementId: string, disputeId: string): string[] {
  const key = { agreement_id: agreementId, discrepancy_id: disputeId };
  return (read.get(DISCREPANCIES, key)?.claim_ids as string[] | undefined) ?? [];
}

function touchAll(ids: readonly string[], change: (claimId: string) => JsonValue): Touch[] {
  return [...new Set(ids)].map((claimId) => ({ claimId, change: change(claimId) }));
}

const none = (): Touch[] => [];

/** What each claim event changed, for the claims it names. */
const CLAIM_EVENTS = {
  TransferReported: ({ data: d }) => {
    const change = {
      what: 'reported',
      termId: d.termId,
      direction: d.direction,
      measure: d.measure,
      scope: d.scope,
      quantity: d.quantity,
      quantityKey: d.quantityKey,
      ...optional('occurredAt', d.occurredAt),
      ...optional('quote', d.quote),
      ...optional('link', d.link),
      ...optional('priorPeriod', d.priorPeriod),
      ...optional('supersedes', d.revises),
    };
    const own: Touch = {
      claimId: d.claimId,
      sourceId: d.sourceId,
      statedAt: d.statedAt,
      change: json(change),
    };
    if (d.revises === undefined) return [own];
    const supersession = json({
      effect: 'supersession',
      claimId: d.revises,
      supersededBy: d.claimId,
    });
    const older: Touch = {
      claimId: d.revises,
      sourceId: d.sourceId,
      statedAt: d.statedAt,
      change: json({ what: 'superseded', supersededBy: d.claimId, quantity: d.quantity }),
      caused: [supersession],
    };
    return [older, { ...own, caused: [supersession] }];
  },
  AgreementTermCompletionClaimed: ({ data: d }) => [
    {
      claimId: d.claimId,
      sourceId: d.sourceId,
      statedAt: d.statedAt,
      change: json({ what: 'completion_claimed', termId: d.termId, ...optional('quote', d.quote) }),
    },
  ],
  CharacterizationClaimed: ({ data: d }) => {
    const own: Touch = {
      claimId: d.claimId,
      sourceId: d.sourceId,
      statedAt: d.statedAt,
      change: json({
        what: 'characterized',
        subject: d.subject,
        property: d.property,
        value: d.value,
        ...framingKeysOf(d),
        contests: d.contestedClaimIds,
      }),
    };
    const rivals = d.contestedClaimIds.map((id): Touch => ({
      claimId: id,
      sourceId: d.sourceId,
      statedAt: d.statedAt,
      change: json({
        what: 'contested',
        byClaimId: d.claimId,
        property: d.property,
        value: d.value,
      }),
    }));
    return [own, ...rivals];
  },
  ClaimRevised: ({ data: d }) => {
    const supersession = json({
      effect: 'supersession',
      claimId: d.claimId,
      supersededBy: d.supersededBy,
    });
    const revision = {
      previousQuantity: d.previousQuantity,
      quantity: d.quantity,
      reason: d.reason,
      ...optional('reportedBy', d.reportedBy),
    };
    return [
      {
        claimId: d.claimId,
        sourceId: d.sourceId,
        statedAt: d.statedAt,
        change: json({ what: 'superseded', supersededBy: d.supersededBy, ...revision }),
        caused: [supersession],
      },
      {
        claimId: d.supersededBy,
        sourceId: d.sourceId,
        statedAt: d.statedAt,
        change: json({ what: 'revision', supersedes: d.claimId, ...revision }),
        caused: [supersession],
      },
    ];
  },
  ClaimRetracted: ({ data: d }) => [
    {
      claimId: d.claimId,
      ...optional('statedAt', d.statedAt),
      change: json({ what: 'retracted', reason: d.reason }),
    },
  ],
  ClaimCorroborated: ({ data: d }) => [
    {
      claimId: d.claimId,
      sourceId: d.sourceId,
      statedAt: d.statedAt,
      change: json({ what: 'corroborated', independence: d.independence }),
    },
  ],
} satisfies { readonly [T in LedgerEventType]?: Describe<T> };

/**
 * Disputes and reconciliations touch every claim they name (and, for changes, the claims that
 * left). The entries say what happened to the claim; the values compared are in the
 * discrepancies read model, as of the same position, rather than copied into every entry.
 */
const SCRUTINY_EVENTS = {
  FigureDisputed: ({ data: d }) => {
    const how =
      d.detectedBy === 'rule'
        ? { detectedBy: 'rule', rule: d.rule }
        : { detectedBy: 'person', reason: d.reason };
    return touchAll(
      d.claims.map((c) => c.claimId),
      () => json({ what: 'disputed', disputeId: d.disputeId, delta: d.delta, ...how }),
    );
  },
  DisputeClaimsChanged: ({ data: d }, read) => {
    const before = disputedClaimIds(read, d.agreementId, d.disputeId);
    const after = d.claims.map((c) => c.claimId);
    const role = (id: string): string =>
      !before.includes(id) ? 'joined' : !after.includes(id) ? 'left' : 'member';
    return touchAll([...before, ...after], (id) =>
      json({
        what: 'dispute_claims_changed',
        disputeId: d.disputeId,
        role: role(id),
        delta: d.delta,
      }),
    );
  },
  DisputeStatusChanged: ({ data: d }, read) =>
    touchAll(disputedClaimIds(read, d.agreementId, d.disputeId), () =>
      json({
        what: 'dispute_status_changed',
        disputeId: d.disputeId,
        from: d.previousStatus,
        to: d.status,
        reason: d.reason,
        by: d.by,
      }),
    ),
  TotalsDiscrepancyDetected: ({ data: d }) => {
    const change = json({
      what: 'totals_discrepancy',
      kind: d.kind,
      gap: d.gap,
      reconciliationKey: d.reconciliationKey,
      phaseSum: d.phaseSum,
      cumulativeClaim: d.cumulativeClaim,
    });
    return touchAll(
      [...d.phaseClaims.map((p) => p.claimId), d.cumulativeClaim.claimId],
      () => change,
    );
  },
  TotalsReconciled: ({ data: d }) => {
    const change = json({
      what: 'totals_reconciled',
      reconciliationKey: d.reconciliationKey,
      phaseSum: d.phaseSum,
      cumulativeClaim: d.cumulativeClaim,
    });
    return touchAll(
      [...d.phaseClaims.map((p) => p.claimId), d.cumulativeClaim.claimId],
      () => change,
    );
  },
  TotalsNoLongerComparable: ({ data: d }, read) => {
    const last = read.get(RECONCILIATIONS, { reconciliation_key: d.reconciliationKey });
    const ids =
      last === undefined
        ? []
        : [
            ...(last.phase_claims as { claimId: string }[]).map((p) => p.claimId),
            (last.cumulative_claim as { claimId: string }).claimId,
          ];
    return touchAll(ids, () =>
      json({
        what: 'totals_no_longer_comparable',
        reconciliationKey: d.reconciliationKey,
        reason: d.reason,
      }),
    );
  },
} satisfies { readonly [T in LedgerEventType]?: Describe<T> };

const DESCRIBE: { readonly [T in LedgerEventType]: Describe<T> } = {
  ...CLAIM_EVENTS,
  ...SCRUTINY_EVENTS,
  // A scope link touches the live claims on the keys it joined: they are compared together since.
  ScopesLinked: ({ data: d }) =>
    touchAll(d.claimIds, () =>
      json({
        what: 'scopes_linked',
        scopeLinkId: d.scopeLinkId,
        scopes: d.scopes,
        quantityKey: d.quantityKey,
        linkedKeys: d.linkedKeys,
        reason: d.reason,
      }),
    ),
  SourceRegistered: none,
  AgreementSigned: none,
  OfferMade: none,
  OfferRevised: none,
  OfferAnswered: none,
  // Each claim an inference was drawn from: its trail shows the inference it was used in.
  FigureInferred: ({ data: d }) =>
    touchAll(d.derivedFrom, () =>
      json({
        what: 'used_in_inference',
        inferenceId: d.inferenceId,
        quantity: d.quantity,
        reason: d.reason,
        inferredBy: d.inferredBy,
      }),
    ),
};

/** The claims an event touched and how; nothing for events that touch no claim. */
export function describeChange(event: LedgerEvent, read: ReadAccess): Touch[] {
  // The table is keyed by event type, so the function found for event.type takes this very event.
  const touches = (DESCRIBE[event.type] as Describe<LedgerEventType>)(event, read);
  return withStatementPrecision(event, touches);
}

/** A statement stated on a day or "around" one: each entry dated by it says so in its change. */
function withStatementPrecision(event: LedgerEvent, touches: Touch[]): Touch[] {
  const precision = 'statedAtPrecision' in event.data ? event.data.statedAtPrecision : undefined;
  if (precision === undefined) return touches;
  return touches.map((t) =>
    t.statedAt === undefined
      ? t
      : { ...t, change: json({ ...(t.change as object), statedAtPrecision: precision }) },
  );
}
