import { type CorroborateClaim, type ReviseClaim } from './agreement-commands';
import { agreementDecider } from './agreement-decider';
import { type AgreementEvent } from './agreement-events';
import {
  AGREEMENT_ID,
  agreementSigned,
  exact,
  NOW,
  reportTransfer,
  RU_1248,
  SOURCES,
  sourceLookup,
  transferReported,
  UA_1245,
} from '../testing/agreement-fixtures';
import { deciderSpec } from '../testing/given-when-then';
import {
  normalizeStatementTime,
  statedCertainlyBefore,
  statementLatest,
  statementSpan,
} from '../shared/time';

const spec = deciderSpec(agreementDecider, sourceLookup);

describe('statement times with a precision', () => {
  it('reads a day, a day "around", and an instant "around" as spans', () => {
    expect(normalizeStatementTime('statedAt', '2025-06-20')).toEqual({
      statedAt: '2025-06-20',
      statedAtPrecision: 'day',
    });
    expect(normalizeStatementTime('statedAt', '2025-06-20T10:00+02:00', 'approximate')).toEqual({
      statedAt: '2025-06-20T08:00:00.000Z',
      statedAtPrecision: 'approximate',
    });
    // A day lasts from its first moment anywhere (UTC+14) to its last (UTC−12).
    expect(statementLatest({ statedAt: '2025-06-20', statedAtPrecision: 'day' })).toBe(
      '2025-06-21T11:59:59.999Z',
    );
    const around = statementSpan({ statedAt: '2025-06-20', statedAtPrecision: 'approximate' });
    expect(around.latest - around.earliest).toBe((1 + 6) * 86_400_000 + 26 * 3_600_000 - 1);
    expect(() => normalizeStatementTime('statedAt', '2025-06-20T10:00Z', 'day')).toThrow(
      /needs statedAt as a day/,
    );
  });

  it('orders two statements only when one certainly precedes the other', () => {
    const day = { statedAt: '2025-06-20', statedAtPrecision: 'day' } as const;
    // 20 June begins at 2025-06-19T10:00Z at UTC+14.
    expect(statedCertainlyBefore({ statedAt: '2025-06-19T10:00:00.000Z' }, day)).toBe(false);
    expect(statedCertainlyBefore({ statedAt: '2025-06-19T09:59:59.999Z' }, day)).toBe(true);
    expect(statedCertainlyBefore({ statedAt: '2025-06-18T00:00:00.000Z' }, day)).toBe(true);
    const around = { ...day, statedAtPrecision: 'approximate' } as const;
    expect(statedCertainlyBefore({ statedAt: '2025-06-18T00:00:00.000Z' }, around)).toBe(false);
  });
});

describe('claims stated on a day or around one', () => {
  const ON_17 = { statedAt: '2025-06-17' };
  const history: AgreementEvent[] = [agreementSigned];

  it('records the day and its precision on the claim event', () => {
    const { events, state } = spec.given(history).when(reportTransfer(UA_1245, ON_17)).events();
    expect(events[0]?.data).toMatchObject({ statedAt: '2025-06-17', statedAtPrecision: 'day' });
    expect(state.status === 'signed' && state.claims.get(UA_1245.claimId)).toMatchObject({
      statedAtPrecision: 'day',
    });
  });

  it('refuses a statement only when its whole span lies in the future', () => {
    // NOW is 2025-06-18T08:00Z: 19 June begins at 2025-06-18T10:00Z (UTC+14), not yet.
    spec
      .given(history)
      .when(reportTransfer(UA_1245, { statedAt: '2025-06-18' }))
      .events();
    spec
      .given(history)
      .when(reportTransfer(UA_1245, { statedAt: '2025-06-19' }))
      .thenThrows('statement_in_future');
    spec
      .given(history)
      .when(reportTransfer(UA_1245, { statedAt: '2025-06-20', statedAtPrecision: 'approximate' }))
      .events();
  });

  it('refuses a day before the signing, and "around" a day only when all of it is before', () => {
    // Signed 2025-06-02.
    spec
      .given(history)
      .when(reportTransfer(UA_1245, { statedAt: '2025-06-01' }))
      .thenThrows('before_agreement_signed');
    spec
      .given(history)
      .when(reportTransfer(UA_1245, { statedAt: '2025-05-31', statedAtPrecision: 'approximate' }))
      .events();
    spec
      .given(history)
      .when(reportTransfer(UA_1245, { statedAt: '2025-05-29', statedAtPrecision: 'approximate' }))
      .thenThrows('before_agreement_signed');
  });

  const reported = [
    agreementSigned,
    transferReported({ ...UA_1245, statedAt: '2025-06-17T09:30:00.000Z' }),
  ];
  const revise = (statedAt: string, statedAtPrecision?: 'approximate'): ReviseClaim => ({
    type: 'ReviseClaim',
    data: {
      agreementId: AGREEMENT_ID,
      claimId: UA_1245.claimId,
      newClaimId: 'c-ua-1246',
      quantity: exact(1246),
      reason: 'recount',
      statedAt,
      ...(statedAtPrecision === undefined ? {} : { statedAtPrecision }),
    },
    metadata: { now: NOW },
  });

  it('accepts a revision whose day may follow the claim, refuses one certainly before', () => {
    const { state } = spec.given(reported).when(revise('2025-06-17')).events();
    expect(state.status === 'signed' && state.claims.get('c-ua-1246')).toMatchObject({
      statedAt: '2025-06-17',
      statedAtPrecision: 'day',
      status: 'live',
    });
    spec.given(reported).when(revise('2025-06-15')).thenThrows('statement_before_claim');
    spec.given(reported).when(revise('2025-06-15', 'approximate')).events();
  });

  it('lets a revision stated at an instant drop the old precision', () => {
    const onDay = [agreementSigned, transferReported({ ...UA_1245, statedAt: '2025-06-17' })];
    const { state } = spec.given(onDay).when(revise('2025-06-17T12:00:00Z')).events();
    const claim = state.status === 'signed' ? state.claims.get('c-ua-1246') : undefined;
    expect(claim?.statedAtPrecision).toBeUndefined();
  });

  it('refuses a corroboration only when it was certainly stated before the claim', () => {
    const corroborate = (statedAt: string): CorroborateClaim => ({
      type: 'CorroborateClaim',
      data: {
        agreementId: AGREEMENT_ID,
        claimId: UA_1245.claimId,
        sourceId: SOURCES.icrc.sourceId,
        statedAt,
      },
      metadata: { now: NOW },
    });
    spec.given(reported).when(corroborate('2025-06-17')).events();
    // 16 June lasts until 2025-06-17T12:00Z at UTC−12, after the claim's 09:30Z: not certainly before.
    spec.given(reported).when(corroborate('2025-06-16')).events();
    spec.given(reported).when(corroborate('2025-06-15')).thenThrows('corroboration_before_claim');
  });

  it('takes a newer figure of the same source around the same day as a revision', () => {
    const around = [
      agreementSigned,
      transferReported({ ...RU_1248, statedAt: '2025-06-17T10:00:00.000Z' }),
    ];
    const { events } = spec
      .given(around)
      .when(
        reportTransfer(
          { ...RU_1248, claimId: 'c-ru-1250', quantity: exact(1250) },
          { statedAt: '2025-06-16', statedAtPrecision: 'approximate' },
        ),
      )
      .events();
    expect(events[0]?.data).toMatchObject({ revises: RU_1248.claimId });
    spec
      .given(around)
      .when(
        reportTransfer(
          { ...RU_1248, claimId: 'c-ru-1250', quantity: exact(1250) },
          { statedAt: '2025-06-15' },
        ),
      )
      .thenThrows('figure_older_than_live');
  });
});
