import {
  type ChangeDisputeStatus,
  type RaiseDispute,
  type RetractClaim,
  type ReviseClaim,
} from './agreement-commands';
import { agreementDecider } from './agreement-decider';
import {
  type AgreementEvent,
  type DisputeClaimsChanged,
  type DisputeStatusChanged,
  type FigureDisputed,
} from './agreement-events';
import { type Quantity } from '../quantity/quantity';
import {
  AGREEMENT_ID,
  agreementSigned,
  exact,
  KEY_RU_UA_FINAL,
  NOW,
  reportTransfer,
  RU_1248,
  SOURCES,
  sourceLookup,
  transferReported,
  type TransferSpec,
  UA_1245,
} from '../testing/agreement-fixtures';
import { deciderSpec } from '../testing/given-when-then';

const spec = deciderSpec(agreementDecider, sourceLookup);
const LATER = '2025-06-17T15:00:00.000Z';
const ICRC_1250: TransferSpec = {
  claimId: 'c-icrc-1250',
  sourceId: SOURCES.icrc.sourceId,
  quantity: exact(1250),
};
const ICRC_1245: TransferSpec = {
  claimId: 'c-icrc-1245',
  sourceId: SOURCES.icrc.sourceId,
  quantity: exact(1245),
};

type Member = [claimId: string, sourceId: string, quantity: Quantity];
const member = (t: TransferSpec): Member => [t.claimId, t.sourceId, t.quantity];
const claims = (members: Member[]) =>
  members.map(([claimId, sourceId, quantity]) => ({ claimId, sourceId, quantity }));

function figureDisputed(
  disputeId: string,
  members: Member[],
  delta: number,
  causedBy: string,
): FigureDisputed {
  return {
    type: 'FigureDisputed',
    schemaVersion: 1,
    data: {
      agreementId: AGREEMENT_ID,
      disputeId,
      quantityKey: KEY_RU_UA_FINAL,
      claims: claims(members),
      delta,
      detectedBy: 'rule',
      rule: 'interval_disjoint',
      causedBy: { claimId: causedBy },
    },
  };
}

function claimsChanged(
  disputeId: string,
  members: Member[],
  delta: number,
  causedBy: string,
): DisputeClaimsChanged {
  return {
    type: 'DisputeClaimsChanged',
    schemaVersion: 1,
    data: {
      agreementId: AGREEMENT_ID,
      disputeId,
      quantityKey: KEY_RU_UA_FINAL,
      claims: claims(members),
      delta,
      causedBy: { claimId: causedBy },
    },
  };
}

function resolvedByRule(
  disputeId: string,
  reason: string,
  previousStatus: DisputeStatusChanged['data']['previousStatus'] = 'open',
): DisputeStatusChanged {
  return {
    type: 'DisputeStatusChanged',
    schemaVersion: 1,
    data: {
      agreementId: AGREEMENT_ID,
      disputeId,
      quantityKey: KEY_RU_UA_FINAL,
      previousStatus,
      status: 'resolved',
      reason,
      by: 'rule',
    },
  };
}

function revise(claimId: string, newClaimId: string, quantity: Quantity): ReviseClaim {
  return {
    type: 'ReviseClaim',
    data: {
      agreementId: AGREEMENT_ID,
      claimId,
      newClaimId,
      quantity,
      reason: 'corrected',
      statedAt: LATER,
    },
    metadata: { now: NOW },
  };
}

function retract(claimId: string): RetractClaim {
  return {
    type: 'RetractClaim',
    data: { agreementId: AGREEMENT_ID, claimId, reason: 'withdrawn' },
    metadata: { now: NOW },
  };
}

function revised(
  claimId: string,
  supersededBy: string,
  sourceId: string,
  previousQuantity: Quantity,
  quantity: Quantity,
): AgreementEvent {
  return {
    type: 'ClaimRevised',
    schemaVersion: 1,
    data: {
      agreementId: AGREEMENT_ID,
      claimId,
      supersededBy,
      sourceId,
      quantityKey: KEY_RU_UA_FINAL,
      previousQuantity,
      quantity,
      reason: 'corrected',
      statedAt: LATER,
    },
  };
}

const retracted = (claimId: string): AgreementEvent => ({
  type: 'ClaimRetracted',
  schemaVersion: 1,
  data: { agreementId: AGREEMENT_ID, claimId, reason: 'withdrawn' },
});

const DISPUTE = 'dispute-c-ru-1248';
const disputed = figureDisputed(DISPUTE, [member(UA_1245), member(RU_1248)], 3, RU_1248.claimId);
const history = [agreementSigned, transferReported(UA_1245), transferReported(RU_1248), disputed];

describe('discrepancies detected by the rule', () => {
  it('disputes 1,248 against 1,245 with a delta of 3, caused by the second claim', () => {
    const state = spec
      .given([agreementSigned, transferReported(UA_1245)])
      .when(reportTransfer(RU_1248))
      .then([transferReported(RU_1248), disputed]);
    expect(state.status === 'signed' && state.disputes.get(DISPUTE)).toEqual({
      disputeId: DISPUTE,
      quantityKey: KEY_RU_UA_FINAL,
      claimIds: [UA_1245.claimId, RU_1248.claimId],
      delta: 3,
      status: 'open',
      detectedBy: 'rule',
    });
  });

  it('uses the dispute id the command gives', () => {
    spec
      .given([agreementSigned, transferReported(UA_1245)])
      .when(reportTransfer(RU_1248, { disputeId: 'd-final-phase' }))
      .then([
        transferReported(RU_1248),
        figureDisputed('d-final-phase', [member(UA_1245), member(RU_1248)], 3, RU_1248.claimId),
      ]);
  });

  it('refuses a dispute id already taken', () => {
    const resolved = resolvedByRule(DISPUTE, 'values converged');
    spec
      .given([...history, resolved])
      .when(reportTransfer(ICRC_1250, { disputeId: DISPUTE }))
      .thenThrows('dispute_already_exists');
  });

  it('sees no discrepancy between agreeing claims', () => {
    spec
      .given([agreementSigned, transferReported(UA_1245)])
      .when(reportTransfer(ICRC_1245))
      .then([transferReported(ICRC_1245)]);
  });

  it('checks bounds as bounds: "over 6,000" is not contradicted by 6,057, but 5,990 is 10 short', () => {
    const over = {
      claimId: 'c-over-6000',
      sourceId: SOURCES.umerov.sourceId,
      quantity: { value: 6000, precision: 'at_least' as const },
    };
    const c6057 = { claimId: 'c-6057', sourceId: SOURCES.ruMod.sourceId, quantity: exact(6057) };
    const c5990 = { claimId: 'c-5990', sourceId: SOURCES.icrc.sourceId, quantity: exact(5990) };
    spec
      .given([agreementSigned, transferReported(over)])
      .when(reportTransfer(c6057))
      .then([transferReported(c6057)]);
    spec
      .given([agreementSigned, transferReported(over), transferReported(c6057)])
      .when(reportTransfer(c5990))
      .then([
        transferReported(c5990),
        figureDisputed(
          'dispute-c-5990',
          [member(over), member(c6057), member(c5990)],
          67,
          'c-5990',
        ),
      ]);
  });

  it('never compares claims on different keys (other phase, scope or direction)', () => {
    const cumulative = {
      ...RU_1248,
      claimId: 'c-ru-total',
      scope: { kind: 'cumulative' as const },
      quantityKey: 'istanbul-2025/repatriation/russia->ukraine/bodies/cumulative',
    };
    const otherWay = {
      ...RU_1248,
      claimId: 'c-ru-back',
      direction: { from: 'ukraine', to: 'russia' },
      quantityKey: 'istanbul-2025/repatriation/ukraine->russia/bodies/phase:final',
    };
    spec
      .given([agreementSigned, transferReported(UA_1245)])
      .when(reportTransfer(cumulative))
      .then([transferReported(cumulative)]);
    spec
      .given([agreementSigned, transferReported(UA_1245)])
      .when(reportTransfer(otherWay))
      .then([transferReported(otherWay)]);
  });

  it('adds a further claim on the key to the open dispute and widens the delta', () => {
    spec
      .given(history)
      .when(reportTransfer(ICRC_1250))
      .then([
        transferReported(ICRC_1250),
        claimsChanged(
          DISPUTE,
          [member(UA_1245), member(RU_1248), member(ICRC_1250)],
          5,
          ICRC_1250.claimId,
        ),
      ]);
  });

  it('adds an agreeing claim too: the dispute lists every live claim on its key', () => {
    spec
      .given(history)
      .when(reportTransfer(ICRC_1245))
      .then([
        transferReported(ICRC_1245),
        claimsChanged(
          DISPUTE,
          [member(UA_1245), member(RU_1248), member(ICRC_1245)],
          3,
          ICRC_1245.claimId,
        ),
      ]);
  });
});

describe('revisions and retractions update the dispute', () => {
  it('resolves it when a revision makes the values converge', () => {
    const state = spec
      .given(history)
      .when(revise(UA_1245.claimId, 'c-ua-1248', exact(1248)))
      .then([
        revised(UA_1245.claimId, 'c-ua-1248', SOURCES.uaHq.sourceId, exact(1245), exact(1248)),
        claimsChanged(
          DISPUTE,
          [['c-ua-1248', SOURCES.uaHq.sourceId, exact(1248)], member(RU_1248)],
          0,
          'c-ua-1248',
        ),
        resolvedByRule(DISPUTE, 'values converged'),
      ]);
    expect(state.status === 'signed' && state.disputes.get(DISPUTE)?.status).toBe('resolved');
  });

  it('resolves it when a revision turns a figure into a range that admits the other', () => {
    const about = { value: 1245, precision: 'about' as const };
    spec
      .given(history)
      .when(revise(UA_1245.claimId, 'c-ua-about', about))
      .then([
        revised(UA_1245.claimId, 'c-ua-about', SOURCES.uaHq.sourceId, exact(1245), about),
        claimsChanged(
          DISPUTE,
          [['c-ua-about', SOURCES.uaHq.sourceId, about], member(RU_1248)],
          0,
          'c-ua-about',
        ),
        resolvedByRule(DISPUTE, 'values converged'),
      ]);
  });

  it('keeps it open with the new delta when the revision still disagrees', () => {
    spec
      .given(history)
      .when(revise(UA_1245.claimId, 'c-ua-1246', exact(1246)))
      .then([
        revised(UA_1245.claimId, 'c-ua-1246', SOURCES.uaHq.sourceId, exact(1245), exact(1246)),
        claimsChanged(
          DISPUTE,
          [['c-ua-1246', SOURCES.uaHq.sourceId, exact(1246)], member(RU_1248)],
          2,
          'c-ua-1246',
        ),
      ]);
  });

  it('resolves it when a retraction leaves no conflicting claim', () => {
    spec
      .given(history)
      .when(retract(RU_1248.claimId))
      .then([
        retracted(RU_1248.claimId),
        claimsChanged(DISPUTE, [member(UA_1245)], 0, RU_1248.claimId),
        resolvedByRule(DISPUTE, 'no conflicting claim remains'),
      ]);
  });

  it('keeps it open when a retraction leaves claims that still disagree', () => {
    const three = [
      ...history,
      transferReported(ICRC_1250),
      claimsChanged(
        DISPUTE,
        [member(UA_1245), member(RU_1248), member(ICRC_1250)],
        5,
        ICRC_1250.claimId,
      ),
    ];
    spec
      .given(three)
      .when(retract(RU_1248.claimId))
      .then([
        retracted(RU_1248.claimId),
        claimsChanged(DISPUTE, [member(UA_1245), member(ICRC_1250)], 5, RU_1248.claimId),
      ]);
  });

  it('reports the status it resolves from, after a person acknowledged the dispute', () => {
    const acknowledged: DisputeStatusChanged = {
      ...resolvedByRule(DISPUTE, 'both sides noted it'),
      data: {
        ...resolvedByRule(DISPUTE, 'both sides noted it').data,
        status: 'acknowledged',
        by: 'person',
      },
    };
    spec
      .given([...history, acknowledged])
      .when(retract(RU_1248.claimId))
      .then([
        retracted(RU_1248.claimId),
        claimsChanged(DISPUTE, [member(UA_1245)], 0, RU_1248.claimId),
        resolvedByRule(DISPUTE, 'no conflicting claim remains', 'acknowledged'),
      ]);
  });

  it('opens a dispute when a revision creates the disagreement', () => {
    spec
      .given([agreementSigned, transferReported(UA_1245), transferReported(ICRC_1245)])
      .when(revise(ICRC_1245.claimId, 'c-icrc-1250', exact(1250)))
      .then([
        revised(ICRC_1245.claimId, 'c-icrc-1250', SOURCES.icrc.sourceId, exact(1245), exact(1250)),
        figureDisputed(
          'dispute-c-icrc-1250',
          [member(UA_1245), ['c-icrc-1250', SOURCES.icrc.sourceId, exact(1250)]],
          5,
          'c-icrc-1250',
        ),
      ]);
  });

  it('emits nothing more for a retraction when no dispute is open', () => {
    spec
      .given([agreementSigned, transferReported(UA_1245)])
      .when(retract(UA_1245.claimId))
      .then([retracted(UA_1245.claimId)]);
  });

  it('opens a new dispute after a person resolved the last one, when a new claim disagrees', () => {
    const resolvedByPerson: DisputeStatusChanged = {
      ...resolvedByRule(DISPUTE, 'explained by late arrivals'),
      data: { ...resolvedByRule(DISPUTE, 'explained by late arrivals').data, by: 'person' },
    };
    spec
      .given([...history, resolvedByPerson])
      .when(reportTransfer(ICRC_1250))
      .then([
        transferReported(ICRC_1250),
        figureDisputed(
          'dispute-c-icrc-1250',
          [member(UA_1245), member(RU_1248), member(ICRC_1250)],
          5,
          ICRC_1250.claimId,
        ),
      ]);
  });
});

function raise(data: Partial<RaiseDispute['data']> = {}): RaiseDispute {
  return {
    type: 'RaiseDispute',
    data: {
      agreementId: AGREEMENT_ID,
      disputeId: 'd-analyst-1',
      claimIds: [UA_1245.claimId],
      reason: 'implausibly round',
      ...data,
    },
    metadata: { now: NOW },
  };
}

const raisedByPerson: FigureDisputed = {
  type: 'FigureDisputed',
  schemaVersion: 1,
  data: {
    agreementId: AGREEMENT_ID,
    disputeId: 'd-analyst-1',
    quantityKey: KEY_RU_UA_FINAL,
    claims: claims([member(UA_1245)]),
    delta: 0,
    detectedBy: 'person',
    reason: 'implausibly round',
  },
};

describe('RaiseDispute', () => {
  it('lets a person dispute a figure nothing contradicts', () => {
    const state = spec
      .given([agreementSigned, transferReported(UA_1245)])
      .when(raise())
      .then([raisedByPerson]);
    expect(state.status === 'signed' && state.disputes.get('d-analyst-1')).toMatchObject({
      status: 'open',
      detectedBy: 'person',
    });
  });

  it('records the delta between the claims a person names', () => {
    const given = [agreementSigned, transferReported(UA_1245), transferReported(ICRC_1245)];
    const events = spec
      .given(given)
      .when(raise({ claimIds: [UA_1245.claimId, ICRC_1245.claimId] }))
      .events().events;
    expect(events).toEqual([
      {
        ...raisedByPerson,
        data: { ...raisedByPerson.data, claims: claims([member(UA_1245), member(ICRC_1245)]) },
      },
    ]);
  });

  it('is not resolved by the rule when claims join or agree, only when none of its claims is live', () => {
    const given = [agreementSigned, transferReported(UA_1245), raisedByPerson];
    // An agreeing figure conflicts with nothing: it does not join (issue 19, bounds).
    spec
      .given(given)
      .when(reportTransfer(ICRC_1245))
      .then([transferReported(ICRC_1245)]);
    spec
      .given(given)
      .when(reportTransfer(RU_1248))
      .then([
        transferReported(RU_1248),
        claimsChanged('d-analyst-1', [member(UA_1245), member(RU_1248)], 3, RU_1248.claimId),
      ]);
    spec
      .given(given)
      .when(retract(UA_1245.claimId))
      .then([
        retracted(UA_1245.claimId),
        claimsChanged('d-analyst-1', [], 0, UA_1245.claimId),
        resolvedByRule('d-analyst-1', 'no live claims remain'),
      ]);
  });

  it('refuses a second open dispute on the same quantity', () => {
    spec.given(history).when(raise()).thenThrows('dispute_already_open');
  });

  it('refuses claims on different quantities', () => {
    const other = {
      ...RU_1248,
      claimId: 'c-ru-total',
      scope: { kind: 'cumulative' as const },
      quantityKey: 'istanbul-2025/repatriation/russia->ukraine/bodies/cumulative',
    };
    spec
      .given([agreementSigned, transferReported(UA_1245), transferReported(other)])
      .when(raise({ claimIds: [UA_1245.claimId, 'c-ru-total'] }))
      .thenThrows('claims_on_different_keys');
  });

  it('refuses unknown, retracted, superseded and non-quantity claims', () => {
    const completion: AgreementEvent = {
      type: 'AgreementTermCompletionClaimed',
      schemaVersion: 1,
      data: {
        agreementId: AGREEMENT_ID,
        claimId: 'c-done',
        termId: 'repatriation',
        sourceId: 'ua-coordination-hq',
        statedAt: LATER,
      },
    };
    spec.given([agreementSigned]).when(raise()).thenThrows('claim_not_found');
    spec
      .given([agreementSigned, transferReported(UA_1245), retracted(UA_1245.claimId)])
      .when(raise())
      .thenThrows('claim_retracted');
    spec
      .given([
        agreementSigned,
        transferReported(UA_1245),
        revised(UA_1245.claimId, 'c-x', 'ua-coordination-hq', exact(1245), exact(1)),
      ])
      .when(raise())
      .thenThrows('claim_superseded');
    spec
      .given([agreementSigned, completion])
      .when(raise({ claimIds: ['c-done'] }))
      .thenThrows('claim_not_a_quantity');
  });

  it('refuses a used dispute id, no claims, a claim named twice, an empty reason, an unsigned agreement', () => {
    spec
      .given([agreementSigned, transferReported(UA_1245), raisedByPerson])
      .when(raise())
      .thenThrows('dispute_already_exists');
    spec
      .given([agreementSigned, transferReported(UA_1245)])
      .when(raise({ claimIds: [] }))
      .thenThrows('invalid_id');
    spec
      .given([agreementSigned, transferReported(UA_1245)])
      .when(raise({ claimIds: [UA_1245.claimId, UA_1245.claimId] }))
      .thenThrows('invalid_id');
    spec
      .given([agreementSigned, transferReported(UA_1245)])
      .when(raise({ reason: '' }))
      .thenThrows('invalid_text');
    spec.given([]).when(raise()).thenThrows('agreement_not_found');
  });
});

function changeStatus(
  status: ChangeDisputeStatus['data']['status'],
  disputeId = DISPUTE,
): ChangeDisputeStatus {
  return {
    type: 'ChangeDisputeStatus',
    data: {
      agreementId: AGREEMENT_ID,
      disputeId,
      status,
      reason: 'neither side addressed the gap',
    },
    metadata: { now: NOW },
  };
}

function statusChanged(
  previousStatus: DisputeStatusChanged['data']['previousStatus'],
  status: DisputeStatusChanged['data']['status'],
): DisputeStatusChanged {
  return {
    type: 'DisputeStatusChanged',
    schemaVersion: 1,
    data: {
      agreementId: AGREEMENT_ID,
      disputeId: DISPUTE,
      quantityKey: KEY_RU_UA_FINAL,
      previousStatus,
      status,
      reason: 'neither side addressed the gap',
      by: 'person',
    },
  };
}

describe('ChangeDisputeStatus', () => {
  it.each(['acknowledged', 'explained', 'resolved', 'unaddressed'] as const)(
    'lets a person mark a dispute %s with a reason',
    (status) => {
      spec
        .given(history)
        .when(changeStatus(status))
        .then([statusChanged('open', status)]);
    },
  );

  it('lets a person reopen a resolved dispute', () => {
    spec
      .given([...history, statusChanged('open', 'resolved')])
      .when(changeStatus('unaddressed'))
      .then([statusChanged('resolved', 'unaddressed')]);
  });

  it('refuses to reopen a dispute while another is open on the same quantity', () => {
    const second = figureDisputed(
      'dispute-c-icrc-1250',
      [member(UA_1245), member(RU_1248), member(ICRC_1250)],
      5,
      ICRC_1250.claimId,
    );
    spec
      .given([...history, statusChanged('open', 'resolved'), transferReported(ICRC_1250), second])
      .when(changeStatus('acknowledged'))
      .thenThrows('dispute_already_open');
  });

  it('refuses an unchanged status, an unknown status, an unknown dispute, an empty reason', () => {
    spec
      .given([...history, statusChanged('open', 'unaddressed')])
      .when(changeStatus('unaddressed'))
      .thenThrows('dispute_status_unchanged');
    spec
      .given(history)
      .when(changeStatus('open' as never))
      .thenThrows('invalid_status');
    spec
      .given(history)
      .when(changeStatus('acknowledged', 'd-unknown'))
      .thenThrows('dispute_not_found');
    spec
      .given(history)
      .when({
        ...changeStatus('acknowledged'),
        data: { ...changeStatus('acknowledged').data, reason: '' },
      })
      .thenThrows('invalid_text');
    spec.given([]).when(changeStatus('acknowledged')).thenThrows('agreement_not_found');
  });
});

describe('bounds: only figures whose intervals cannot overlap are in dispute', () => {
  const bound = (claimId: string, quantity: Quantity): TransferSpec => ({
    claimId,
    sourceId: SOURCES.icrc.sourceId,
    quantity,
  });
  const opened = [
    agreementSigned,
    transferReported(UA_1245),
    transferReported(RU_1248),
    figureDisputed('dispute-c-ru-1248', [member(UA_1245), member(RU_1248)], 3, RU_1248.claimId),
  ];

  it('does not let a bound consistent with every figure join the open dispute', () => {
    for (const quantity of [
      { value: 1246, precision: 'about' as const },
      { value: 1200, precision: 'at_least' as const },
      { value: 1300, precision: 'up_to' as const },
    ]) {
      const consistent = bound('c-icrc-bound', quantity);
      spec
        .given(opened)
        .when(reportTransfer(consistent))
        .then([transferReported(consistent)]);
    }
  });

  it('never opens a dispute for a bound consistent with the other figure', () => {
    const over = bound('c-icrc-over', { value: 1200, precision: 'at_least' });
    spec
      .given([agreementSigned, transferReported(UA_1245)])
      .when(reportTransfer(over))
      .then([transferReported(over)]);
  });

  it('opens a dispute with only the claims a bound contradicts, and lets the others join when they conflict', () => {
    const over = bound('c-icrc-over-1246', { value: 1247, precision: 'at_least' });
    spec
      .given([agreementSigned, transferReported(UA_1245)])
      .when(reportTransfer(over))
      .then([
        transferReported(over),
        figureDisputed(
          'dispute-c-icrc-over-1246',
          [member(UA_1245), member(over)],
          2,
          over.claimId,
        ),
      ]);
    const disputed = [
      agreementSigned,
      transferReported(UA_1245),
      transferReported(over),
      figureDisputed('dispute-c-icrc-over-1246', [member(UA_1245), member(over)], 2, over.claimId),
    ];
    // 1,248 fits "over 1,246" but not 1,245: it conflicts, so it joins.
    spec
      .given(disputed)
      .when(reportTransfer(RU_1248))
      .then([
        transferReported(RU_1248),
        claimsChanged(
          'dispute-c-icrc-over-1246',
          [member(UA_1245), member(over), member(RU_1248)],
          3,
          RU_1248.claimId,
        ),
      ]);
  });

  it('lets a bound that contradicts the disputed figures join', () => {
    const upTo = bound('c-icrc-up-to-1240', { value: 1240, precision: 'up_to' });
    spec
      .given(opened)
      .when(reportTransfer(upTo))
      .then([
        transferReported(upTo),
        claimsChanged(
          'dispute-c-ru-1248',
          [member(UA_1245), member(RU_1248), member(upTo)],
          8,
          upTo.claimId,
        ),
      ]);
  });
});

describe('one gap, one finding: a phase dispute and a totals dispute from the same difference', () => {
  const CUMULATIVE = { kind: 'cumulative' as const };
  const steps: TransferSpec[] = [
    { claimId: 'ua-phase', sourceId: SOURCES.uaHq.sourceId, quantity: exact(100) },
    { claimId: 'ru-phase', sourceId: SOURCES.ruMod.sourceId, quantity: exact(105) },
    { claimId: 'ua-total', sourceId: SOURCES.uaHq.sourceId, quantity: exact(300) },
  ];
  /** Decides each report in turn on the events so far, as the ledger would. */
  function record(specs: readonly TransferSpec[]): AgreementEvent[] {
    let events: AgreementEvent[] = [agreementSigned];
    for (const t of specs) {
      const scope = t.claimId.endsWith('total') ? CUMULATIVE : undefined;
      const command = reportTransfer(scope === undefined ? t : { ...t, scope });
      events = [...events, ...spec.given(events).when(command).events().events];
    }
    return events;
  }

  it('links the totals dispute to the phase dispute with the same delta between the same sources', () => {
    const given = record(steps);
    const ruTotal = { claimId: 'ru-total', sourceId: SOURCES.ruMod.sourceId, quantity: exact(305) };
    const events = spec
      .given(given)
      .when(reportTransfer({ ...ruTotal, scope: CUMULATIVE }))
      .events().events;
    const opened = events.find((e) => e.type === 'FigureDisputed');
    expect(opened?.data).toMatchObject({
      disputeId: 'dispute-ru-total',
      delta: 5,
      linkedDisputeIds: ['dispute-ru-phase'],
    });
  });

  it('does not link disputes with different deltas', () => {
    const given = record(steps);
    const ruTotal = { claimId: 'ru-total', sourceId: SOURCES.ruMod.sourceId, quantity: exact(320) };
    const events = spec
      .given(given)
      .when(reportTransfer({ ...ruTotal, scope: CUMULATIVE }))
      .events().events;
    const opened = events.find((e) => e.type === 'FigureDisputed');
    expect(opened?.data).toMatchObject({ delta: 20 });
    expect(opened?.data).not.toHaveProperty('linkedDisputeIds');
  });
});
