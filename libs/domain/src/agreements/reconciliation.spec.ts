import { type RetractClaim, type ReviseClaim } from './agreement-commands';
import { agreementDecider } from './agreement-decider';
import {
  type AgreementEvent,
  type PhaseFigure,
  type TotalsDiscrepancyKind,
} from './agreement-events';
import { type Quantity } from '../quantity/quantity';
import {
  AGREEMENT_ID,
  agreementSigned,
  exact,
  NOW,
  reportTransfer,
  SOURCES,
  sourceLookup,
  transferReported,
  type TransferSpec,
  UA_TO_RU,
} from '../testing/agreement-fixtures';
import { deciderSpec } from '../testing/given-when-then';

const spec = deciderSpec(agreementDecider, sourceLookup);
const KEY_PREFIX = 'istanbul-2025/repatriation/ukraine->russia/bodies';
const REC_KEY = `${KEY_PREFIX}/claimant:ru-mod`;
const MOD = SOURCES.ruMod.sourceId;

function phase(
  claimId: string,
  value: number | Quantity,
  phaseLabel = 'final',
  sourceId = MOD,
): TransferSpec {
  const quantity = typeof value === 'number' ? exact(value) : value;
  return {
    claimId,
    sourceId,
    quantity,
    direction: UA_TO_RU,
    scope: { kind: 'phase', phase: phaseLabel },
    quantityKey: `${KEY_PREFIX}/phase:${phaseLabel}`,
  };
}

function total(claimId: string, value: number | Quantity, sourceId = MOD): TransferSpec {
  const quantity = typeof value === 'number' ? exact(value) : value;
  return {
    claimId,
    sourceId,
    quantity,
    direction: UA_TO_RU,
    scope: { kind: 'cumulative' },
    quantityKey: `${KEY_PREFIX}/cumulative`,
  };
}

const P51 = phase('c-ru-51', 51);
const T78 = total('c-ru-78', 78);

function comparison(
  phases: TransferSpec[],
  cumulative: TransferSpec,
  phaseSum: { lower: number; upper: number | null },
) {
  const phaseClaims: PhaseFigure[] = phases.map((p) => ({
    claimId: p.claimId,
    phase: p.scope?.kind === 'phase' ? p.scope.phase : '',
    quantity: p.quantity,
  }));
  return {
    agreementId: AGREEMENT_ID,
    reconciliationKey: REC_KEY,
    claimantSourceId: MOD,
    termId: 'repatriation',
    direction: UA_TO_RU,
    measure: 'bodies',
    phaseClaims,
    phaseSum,
    cumulativeClaim: { claimId: cumulative.claimId, quantity: cumulative.quantity },
  };
}

function discrepancy(
  phases: TransferSpec[],
  cumulative: TransferSpec,
  sum: number | { lower: number; upper: number | null },
  kind: TotalsDiscrepancyKind,
  gap: number,
): AgreementEvent {
  const phaseSum = typeof sum === 'number' ? { lower: sum, upper: sum } : sum;
  return {
    type: 'TotalsDiscrepancyDetected',
    schemaVersion: 1,
    data: { ...comparison(phases, cumulative, phaseSum), gap, kind },
  };
}

function reconciled(phases: TransferSpec[], cumulative: TransferSpec, sum: number): AgreementEvent {
  return {
    type: 'TotalsReconciled',
    schemaVersion: 1,
    data: comparison(phases, cumulative, { lower: sum, upper: sum }),
  };
}

const short27 = discrepancy([P51], T78, 51, 'phases_short_of_total', 27);

describe('reconciling a claimant’s phases with its own total', () => {
  it('finds Russia’s 51 this phase 27 short of its 78 in total', () => {
    spec
      .given([agreementSigned, transferReported(P51)])
      .when(reportTransfer(T78))
      .then([transferReported(T78), short27]);
  });

  it('finds the same shortfall whichever figure comes first', () => {
    spec
      .given([agreementSigned, transferReported(T78)])
      .when(reportTransfer(P51))
      .then([transferReported(P51), short27]);
  });

  it('finds phases that add up to more than the total', () => {
    const earlier = phase('c-ru-40', 40, 'earlier');
    spec
      .given([agreementSigned, transferReported(P51), transferReported(T78), short27])
      .when(reportTransfer(earlier))
      .then([
        transferReported(earlier),
        discrepancy([P51, earlier], T78, 91, 'phases_exceed_total', 13),
      ]);
  });

  it('records totals that reconcile', () => {
    const earlier = phase('c-ru-27', 27, 'earlier');
    spec
      .given([agreementSigned, transferReported(P51), transferReported(T78), short27])
      .when(reportTransfer(earlier))
      .then([transferReported(earlier), reconciled([P51, earlier], T78, 78)]);
  });

  it('emits only on change: a phase of 0 on reconciled totals adds nothing', () => {
    const p27 = phase('c-ru-27', 27, 'earlier');
    const zero = phase('c-ru-0', 0, 'first');
    const given = [
      agreementSigned,
      transferReported(P51),
      transferReported(T78),
      short27,
      transferReported(p27),
      reconciled([P51, p27], T78, 78),
    ];
    spec
      .given(given)
      .when(reportTransfer(zero))
      .then([transferReported(zero)]);
  });

  it('records a changed shortfall when a phase narrows it', () => {
    const p10 = phase('c-ru-10', 10, 'earlier');
    spec
      .given([agreementSigned, transferReported(P51), transferReported(T78), short27])
      .when(reportTransfer(p10))
      .then([transferReported(p10), discrepancy([P51, p10], T78, 61, 'phases_short_of_total', 17)]);
  });

  it('reads bounds as bounds: "at least 6,000" in total is 4,755 beyond a phase of 1,245', () => {
    const p = { ...phase('c-p', 1245), direction: UA_TO_RU };
    const atLeast = total('c-t', { value: 6000, precision: 'at_least' });
    spec
      .given([agreementSigned, transferReported(p)])
      .when(reportTransfer(atLeast))
      .then([
        transferReported(atLeast),
        discrepancy([p], atLeast, 1245, 'phases_short_of_total', 4755),
      ]);
  });

  it('reads an open-ended phase as an open sum', () => {
    const overFifty = phase('c-over-50', { value: 50, precision: 'at_least' });
    spec
      .given([agreementSigned, transferReported(overFifty)])
      .when(reportTransfer(T78))
      .then([
        transferReported(T78),
        {
          type: 'TotalsReconciled',
          schemaVersion: 1,
          data: comparison([overFifty], T78, { lower: 50, upper: null }),
        },
      ]);
  });

  it('compares one claimant with itself only', () => {
    const icrcTotal = total('c-icrc-78', 78, SOURCES.icrc.sourceId);
    spec
      .given([agreementSigned, transferReported(P51)])
      .when(reportTransfer(icrcTotal))
      .then([transferReported(icrcTotal)]);
  });

  it('takes a newer figure from the claimant for a phase as revising its older one: no self-dispute', () => {
    const p52 = phase('c-ru-52', 52);
    const events = spec
      .given([agreementSigned, transferReported(P51), transferReported(T78), short27])
      .when(reportTransfer(p52))
      .events().events;
    expect(events.map((e) => e.type)).toEqual(['TransferReported', 'TotalsDiscrepancyDetected']);
    expect(events[0]?.data).toMatchObject({ claimId: 'c-ru-52', revises: P51.claimId });
    expect(events[1]).toEqual(discrepancy([p52], T78, 52, 'phases_short_of_total', 26));
  });

  it('reconciles when a revision closes the gap', () => {
    const command: ReviseClaim = {
      type: 'ReviseClaim',
      data: {
        agreementId: AGREEMENT_ID,
        claimId: 'c-ru-78',
        newClaimId: 'c-ru-51-total',
        quantity: exact(51),
        reason: 'only this phase',
        statedAt: '2025-06-17T16:00:00Z',
      },
      metadata: { now: NOW },
    };
    const events = spec
      .given([agreementSigned, transferReported(P51), transferReported(T78), short27])
      .when(command)
      .events().events;
    expect(events.map((e) => e.type)).toEqual(['ClaimRevised', 'TotalsReconciled']);
    expect(events[1]).toEqual(
      reconciled([P51], { ...T78, claimId: 'c-ru-51-total', quantity: exact(51) }, 51),
    );
  });

  it('withdraws the outcome when the total is retracted, and says nothing when there was none', () => {
    const command: RetractClaim = {
      type: 'RetractClaim',
      data: { agreementId: AGREEMENT_ID, claimId: 'c-ru-78', reason: 'misquoted' },
      metadata: { now: NOW },
    };
    const retracted: AgreementEvent = {
      type: 'ClaimRetracted',
      schemaVersion: 1,
      data: { agreementId: AGREEMENT_ID, claimId: 'c-ru-78', reason: 'misquoted' },
    };
    spec
      .given([agreementSigned, transferReported(P51), transferReported(T78), short27])
      .when(command)
      .then([
        retracted,
        {
          type: 'TotalsNoLongerComparable',
          schemaVersion: 1,
          data: {
            agreementId: AGREEMENT_ID,
            reconciliationKey: REC_KEY,
            claimantSourceId: MOD,
            reason: 'the claimant has no live cumulative total',
          },
        },
      ]);
    spec
      .given([agreementSigned, transferReported(T78)])
      .when(command)
      .then([retracted]);
  });

  it('withdraws the outcome when every phase figure is retracted', () => {
    const command: RetractClaim = {
      type: 'RetractClaim',
      data: { agreementId: AGREEMENT_ID, claimId: 'c-ru-51', reason: 'misquoted' },
      metadata: { now: NOW },
    };
    const events = spec
      .given([agreementSigned, transferReported(P51), transferReported(T78), short27])
      .when(command)
      .events().events;
    expect(events[1]).toEqual({
      type: 'TotalsNoLongerComparable',
      schemaVersion: 1,
      data: {
        agreementId: AGREEMENT_ID,
        reconciliationKey: REC_KEY,
        claimantSourceId: MOD,
        reason: 'the claimant has no live phase figures',
      },
    });
  });
});
