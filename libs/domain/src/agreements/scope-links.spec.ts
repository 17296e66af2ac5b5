import { type LinkScopes } from './agreement-commands';
import { agreementDecider } from './agreement-decider';
import { type AgreementEvent } from './agreement-events';
import { type TransferScope } from '../quantity/quantity-key';
import {
  AGREEMENT_ID,
  agreementSigned,
  exact,
  NOW,
  reportTransfer,
  RU_TO_UA,
  SOURCES,
  sourceLookup,
  transferReported,
  type TransferSpec,
} from '../testing/agreement-fixtures';
import { deciderSpec } from '../testing/given-when-then';

const spec = deciderSpec(agreementDecider, sourceLookup);
const PREFIX = 'istanbul-2025/repatriation/russia->ukraine/bodies';
const KEY_DAY = `${PREFIX}/phase:2025-06-20`;
const KEY_THIRD = `${PREFIX}/phase:third%20handover`;
const UA = SOURCES.uaHq.sourceId;
const RU = SOURCES.ruMod.sourceId;
const DAY: TransferScope = { kind: 'phase', phase: '2025-06-20' };
const THIRD: TransferScope = { kind: 'phase', phase: 'third handover' };

function onPhase(claimId: string, sourceId: string, value: number, scope: TransferScope) {
  const key = scope === DAY ? KEY_DAY : scope.kind === 'phase' ? KEY_THIRD : `${PREFIX}/cumulative`;
  return { claimId, sourceId, quantity: exact(value), scope, quantityKey: key } as TransferSpec;
}

function link(
  scopes: readonly TransferScope[],
  extra: Partial<LinkScopes['data']> = {},
): LinkScopes {
  return {
    type: 'LinkScopes',
    data: {
      agreementId: AGREEMENT_ID,
      scopeLinkId: 'link-1',
      termId: 'repatriation',
      direction: RU_TO_UA,
      measure: 'bodies',
      scopes,
      reason: 'both name the handover of 20 June',
      ...extra,
    },
    metadata: { now: NOW },
  };
}

const UA_DAY = onPhase('c-ua-day', UA, 1000, DAY);
const RU_THIRD = onPhase('c-ru-third', RU, 1010, THIRD);
const history: AgreementEvent[] = [
  agreementSigned,
  transferReported(UA_DAY),
  transferReported(RU_THIRD),
];

describe('LinkScopes', () => {
  it('records the link and opens the dispute the joined claims now show, caused by the link', () => {
    const { events } = spec
      .given(history)
      .when(link([DAY, THIRD]))
      .events();
    expect(events[0]).toEqual({
      type: 'ScopesLinked',
      schemaVersion: 1,
      data: {
        agreementId: AGREEMENT_ID,
        scopeLinkId: 'link-1',
        termId: 'repatriation',
        direction: RU_TO_UA,
        measure: 'bodies',
        scopes: [DAY, THIRD],
        quantityKey: KEY_DAY,
        linkedKeys: [KEY_DAY, KEY_THIRD],
        claimIds: ['c-ua-day', 'c-ru-third'],
        reason: 'both name the handover of 20 June',
      },
    });
    expect(events[1]).toMatchObject({
      type: 'FigureDisputed',
      data: {
        disputeId: 'dispute-link-1',
        quantityKey: KEY_DAY,
        delta: 10,
        causedBy: { scopeLinkId: 'link-1' },
        claims: [{ claimId: 'c-ua-day' }, { claimId: 'c-ru-third' }],
      },
    });
    expect(events).toHaveLength(2);
  });

  it('compares later claims under either label on the linked key', () => {
    const { events: linked, state } = spec
      .given(history)
      .when(link([DAY, THIRD]))
      .events();
    const later = onPhase('c-icrc-third', SOURCES.icrc.sourceId, 990, THIRD);
    const { events } = spec
      .given([...history, ...linked])
      .when(reportTransfer(later))
      .events();
    expect(state.status).toBe('signed');
    expect(events[1]).toMatchObject({
      type: 'DisputeClaimsChanged',
      data: { disputeId: 'dispute-link-1', causedBy: { claimId: 'c-icrc-third' }, delta: 20 },
    });
  });

  it('makes a newer figure of a source under the other label revise its figure', () => {
    const { events: linked } = spec
      .given(history)
      .when(link([DAY, THIRD]))
      .events();
    const revised = onPhase('c-ua-third', UA, 1010, THIRD);
    const { events } = spec
      .given([...history, ...linked])
      .when(reportTransfer({ ...revised, statedAt: NOW }))
      .events();
    expect(events[0]).toMatchObject({ data: { revises: 'c-ua-day' } });
    expect(events[1]).toMatchObject({
      type: 'DisputeClaimsChanged',
      data: { claims: [{ claimId: 'c-ua-third' }, { claimId: 'c-ru-third' }], delta: 0 },
    });
    expect(events[2]).toMatchObject({
      type: 'DisputeStatusChanged',
      data: { status: 'resolved', reason: 'values converged' },
    });
  });

  it('merges disputes open on both labels into the first raised', () => {
    const icrcDay = onPhase('c-icrc-day', SOURCES.icrc.sourceId, 1100, DAY);
    const turkeyThird = onPhase('c-tr-third', SOURCES.turkey.sourceId, 1200, THIRD);
    const before = [...history];
    for (const claim of [icrcDay, turkeyThird])
      before.push(...spec.given(before).when(reportTransfer(claim)).events().events);
    const { events } = spec
      .given(before)
      .when(link([DAY, THIRD]))
      .events();
    expect(events.map((e) => e.type)).toEqual([
      'ScopesLinked',
      'DisputeStatusChanged',
      'DisputeClaimsChanged',
    ]);
    expect(events[1]).toMatchObject({
      data: { disputeId: 'dispute-c-tr-third', status: 'resolved', by: 'rule' },
    });
    expect(events[2]).toMatchObject({
      data: {
        disputeId: 'dispute-c-icrc-day',
        causedBy: { scopeLinkId: 'link-1' },
        claims: [
          { claimId: 'c-ua-day' },
          { claimId: 'c-icrc-day' },
          { claimId: 'c-ru-third' },
          { claimId: 'c-tr-third' },
        ],
      },
    });
  });

  it("counts a linked phase once in its claimant's reconciliation", () => {
    const total = {
      ...onPhase('c-ua-total', UA, 1000, { kind: 'cumulative' }),
      direction: RU_TO_UA,
    };
    const uaThird = onPhase('c-ua-third', UA, 1000, THIRD);
    const before: AgreementEvent[] = [agreementSigned, transferReported(UA_DAY)];
    for (const claim of [uaThird, total])
      before.push(...spec.given(before).when(reportTransfer(claim)).events().events);
    expect(before.at(-1)).toMatchObject({
      type: 'TotalsDiscrepancyDetected',
      data: { kind: 'phases_exceed_total', gap: 1000 },
    });
    const { events } = spec
      .given(before)
      .when(link([DAY, THIRD]))
      .events();
    expect(events.map((e) => e.type)).toEqual(['ScopesLinked', 'TotalsReconciled']);
    expect(events[1]).toMatchObject({
      data: { phaseClaims: [{ claimId: 'c-ua-third', phase: 'third handover' }] },
    });
  });

  it('extends a group, and refuses what adds nothing or spans two groups', () => {
    const { events: linked } = spec
      .given(history)
      .when(link([DAY, THIRD]))
      .events();
    const after = [...history, ...linked];
    const handover3: TransferScope = { kind: 'phase', phase: 'handover 3' };
    const { events } = spec
      .given(after)
      .when(link([THIRD, handover3], { scopeLinkId: 'link-2' }))
      .events();
    expect(events[0]).toMatchObject({
      data: {
        quantityKey: KEY_DAY,
        linkedKeys: [KEY_DAY, KEY_THIRD, `${PREFIX}/phase:handover%203`],
      },
    });
    spec
      .given(after)
      .when(link([THIRD, DAY], { scopeLinkId: 'link-2' }))
      .thenThrows('scopes_already_linked');
    spec
      .given(after)
      .when(link([DAY, THIRD]))
      .thenThrows('scope_link_already_exists');
    const other: TransferScope = { kind: 'phase', phase: 'fourth' };
    const fifth: TransferScope = { kind: 'phase', phase: 'fifth' };
    const { events: second } = spec
      .given(after)
      .when(link([other, fifth], { scopeLinkId: 'link-3' }))
      .events();
    spec
      .given([...after, ...second])
      .when(link([DAY, other], { scopeLinkId: 'link-4' }))
      .thenThrows('scopes_in_two_links');
  });

  it('refuses scopes of two kinds, fewer than two, or one named twice', () => {
    spec
      .given(history)
      .when(link([DAY, { kind: 'cumulative' }]))
      .thenThrows('scope_kinds_differ');
    spec
      .given(history)
      .when(link([DAY]))
      .thenThrows('invalid_scope');
    spec
      .given(history)
      .when(link([DAY, DAY]))
      .thenThrows('invalid_scope');
    spec
      .given(history)
      .when(link([DAY, THIRD], { termId: 'nope' }))
      .thenThrows('term_not_found');
    spec
      .given(history)
      .when(link([DAY, THIRD], { reason: '' }))
      .thenThrows('invalid_text');
  });

  it('links running totals under two period labels', () => {
    const week: TransferScope = { kind: 'cumulative', period: 'past week' };
    const june: TransferScope = { kind: 'cumulative', period: '14-20 June' };
    const ua = {
      claimId: 'c-ua-week',
      sourceId: UA,
      quantity: { value: 6000, precision: 'at_least' as const },
      scope: week,
      quantityKey: `${PREFIX}/cumulative:past%20week`,
    };
    const ru = {
      claimId: 'c-ru-june',
      sourceId: RU,
      quantity: exact(5000),
      scope: june,
      quantityKey: `${PREFIX}/cumulative:14-20%20June`,
    };
    const given = [agreementSigned, transferReported(ua), transferReported(ru)];
    const { events } = spec
      .given(given)
      .when(link([week, june]))
      .events();
    expect(events[1]).toMatchObject({
      type: 'FigureDisputed',
      data: { quantityKey: ua.quantityKey, delta: 1000 },
    });
  });
});
