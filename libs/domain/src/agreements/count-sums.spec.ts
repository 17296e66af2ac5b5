import { type ReviseClaim } from './agreement-commands';
import { agreementDecider } from './agreement-decider';
import {
  AGREEMENT_ID,
  agreementSigned,
  exact,
  NOW,
  reportTransfer,
  SOURCES,
  sourceLookup,
  transferReported,
  UA_TO_RU,
} from '../testing/agreement-fixtures';
import { deciderSpec } from '../testing/given-when-then';

const spec = deciderSpec(agreementDecider, sourceLookup);
const MAX = Number.MAX_SAFE_INTEGER;
const ua = SOURCES.uaHq.sourceId;
const phase = (p: string) => ({ kind: 'phase', phase: p }) as const;
const total = { kind: 'cumulative', period: 'all' } as const;
const key = (dir: string, scope: string) => `${AGREEMENT_ID}/repatriation/${dir}/bodies/${scope}`;

const phaseA = { claimId: 'c-a', sourceId: ua, quantity: exact(MAX - 10), scope: phase('a') };
const reportedA = transferReported({ ...phaseA, quantityKey: key('russia->ukraine', 'phase:a') });

describe("a claimant's sums stay within 2^53 − 1", () => {
  it('accepts a phase that brings the phase sum to exactly 2^53 − 1', () => {
    const b = { claimId: 'c-b', sourceId: ua, quantity: exact(10), scope: phase('b') };
    spec
      .given([agreementSigned, reportedA])
      .when(reportTransfer(b))
      .then([transferReported({ ...b, quantityKey: key('russia->ukraine', 'phase:b') })]);
  });

  it('refuses a phase, or a revision, that would take the phase sum past it', () => {
    const b = { claimId: 'c-b', sourceId: ua, quantity: exact(11), scope: phase('b') };
    spec
      .given([agreementSigned, reportedA])
      .when(reportTransfer(b))
      .thenThrows('count_sum_too_large');
    const atLeast = { ...b, quantity: { value: 11, precision: 'at_least' as const } };
    spec
      .given([agreementSigned, reportedA])
      .when(reportTransfer(atLeast))
      .thenThrows('count_sum_too_large');
    const fits = { ...b, quantity: exact(10) };
    const revise: ReviseClaim = {
      type: 'ReviseClaim',
      data: {
        agreementId: AGREEMENT_ID,
        claimId: 'c-b',
        newClaimId: 'c-b2',
        quantity: exact(11),
        reason: 'recounted',
        statedAt: NOW,
      },
      metadata: { now: NOW },
    };
    spec
      .given([
        agreementSigned,
        reportedA,
        transferReported({ ...fits, quantityKey: key('russia->ukraine', 'phase:b') }),
      ])
      .when(revise)
      .thenThrows('count_sum_too_large');
  });

  it('refuses a figure that would take its sums over both directions past it (an agreed total)', () => {
    const other = {
      claimId: 'c-other',
      sourceId: ua,
      quantity: exact(11),
      scope: phase('a'),
      direction: UA_TO_RU,
    };
    spec
      .given([agreementSigned, reportedA])
      .when(reportTransfer(other))
      .thenThrows('count_sum_too_large');
    const totalA = { claimId: 'c-ta', sourceId: ua, quantity: exact(MAX), scope: total };
    const totalB = { ...totalA, claimId: 'c-tb', quantity: exact(1), direction: UA_TO_RU };
    spec
      .given([
        agreementSigned,
        transferReported({ ...totalA, quantityKey: key('russia->ukraine', 'cumulative:all') }),
      ])
      .when(reportTransfer(totalB))
      .thenThrows('count_sum_too_large');
  });

  it("does not add up different claimants' figures", () => {
    const ru = {
      claimId: 'c-ru',
      sourceId: SOURCES.ruMod.sourceId,
      quantity: exact(MAX),
      scope: phase('b'),
    };
    spec
      .given([agreementSigned, reportedA])
      .when(reportTransfer(ru))
      .then([transferReported({ ...ru, quantityKey: key('russia->ukraine', 'phase:b') })]);
  });
});
