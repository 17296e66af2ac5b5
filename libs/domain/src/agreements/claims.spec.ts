import { framingKey } from './framing-key';
import { type ClaimCharacterization, type ClaimTermCompletion } from './agreement-commands';
import { agreementDecider } from './agreement-decider';
import {
  type AgreementTermCompletionClaimed,
  type CharacterizationClaimed,
} from './agreement-events';
import {
  AGREEMENT_ID,
  agreementSigned,
  exact,
  NOW,
  REPATRIATION,
  reportTransfer,
  RU_TO_UA,
  RU_1248,
  SOURCES,
  sourceLookup,
  STATED,
  transferReported,
  UA_1245,
  UA_TO_RU,
} from '../testing/agreement-fixtures';
import { deciderSpec } from '../testing/given-when-then';

const spec = deciderSpec(agreementDecider, sourceLookup);

describe('ReportTransfer', () => {
  it('records a quantity claim with its source, key, and statement time', () => {
    spec
      .given([agreementSigned])
      .when(reportTransfer(UA_1245))
      .then([transferReported(UA_1245)]);
  });

  it('keeps when it happened, the quote and the link, and normalises times to UTC', () => {
    const command = reportTransfer(
      { ...UA_1245, statedAt: '2025-06-17T12:30:00+03:00' },
      {
        occurredAt: { from: '2025-06-16', to: '2025-06-17T08:00:00+03:00' },
        quote: 'Another 1,245 bodies returned to Ukraine',
        link: 'https://t.me/koordshtab/1',
      },
    );
    const expected = transferReported(UA_1245);
    spec
      .given([agreementSigned])
      .when(command)
      .then([
        {
          ...expected,
          data: {
            ...expected.data,
            occurredAt: { from: '2025-06-16', to: '2025-06-17T05:00:00.000Z' },
            quote: 'Another 1,245 bodies returned to Ukraine',
            link: 'https://t.me/koordshtab/1',
          },
        },
      ]);
  });

  it('records a cumulative lower bound as at least, on its own key', () => {
    const overSixThousand = {
      claimId: 'c-umerov-6000',
      sourceId: SOURCES.umerov.sourceId,
      quantity: { value: 6000, precision: 'at_least' as const },
      scope: { kind: 'cumulative' as const, period: 'past week' },
      quantityKey: 'istanbul-2025/repatriation/russia->ukraine/bodies/cumulative:past%20week',
    };
    spec
      .given([agreementSigned, transferReported(UA_1245)])
      .when(reportTransfer(overSixThousand))
      .then([transferReported(overSixThousand)]);
  });

  it('records a whole-exchange figure on its own key, apart from every direction', () => {
    const KEY = 'istanbul-2025/repatriation/russia<->ukraine/bodies/exchange';
    const exchange = { kind: 'exchange' as const };
    const inAll = {
      claimId: 'c-ewn-in-all',
      sourceId: SOURCES.ewn.sourceId,
      quantity: { value: 7000, precision: 'about' as const },
      direction: UA_TO_RU,
      scope: exchange,
      quantityKey: KEY,
    };
    // Beside per-direction figures far below it: no dispute, no reconciliation of the claimant.
    const perDirection = [
      transferReported(UA_1245),
      transferReported({
        ...UA_1245,
        claimId: 'c-ua-total',
        scope: { kind: 'cumulative' },
        quantityKey: 'istanbul-2025/repatriation/russia->ukraine/bodies/cumulative',
        quantity: exact(1245),
      }),
    ];
    spec
      .given([agreementSigned, ...perDirection])
      .when(reportTransfer(inAll))
      .then([transferReported(inAll)]);
    // Another source's contradicting exchange figure disputes it, on the exchange's key only.
    const { events } = spec
      .given([agreementSigned, transferReported(inAll)])
      .when(
        reportTransfer({
          ...inAll,
          claimId: 'c-ru-in-all',
          sourceId: SOURCES.ruMod.sourceId,
          direction: RU_TO_UA,
          quantity: exact(3000),
        }),
      )
      .events();
    expect(events.map((e) => e.type)).toEqual(['TransferReported', 'FigureDisputed']);
    expect(events[1]?.data).toMatchObject({
      quantityKey: KEY,
      claims: [{ claimId: 'c-ewn-in-all' }, { claimId: 'c-ru-in-all' }],
      delta: 3650,
    });
  });

  it('refuses a claim about an agreement that was never signed', () => {
    spec.given([]).when(reportTransfer(UA_1245)).thenThrows('agreement_not_found');
  });

  it('refuses a claim id already used in the agreement', () => {
    spec
      .given([agreementSigned, transferReported(UA_1245)])
      .when(reportTransfer({ ...RU_1248, claimId: UA_1245.claimId }))
      .thenThrows('claim_already_exists');
  });

  it('refuses an unknown term', () => {
    spec
      .given([agreementSigned])
      .when(reportTransfer(UA_1245, { termId: 'ceasefire' }))
      .thenThrows('term_not_found');
  });

  it('refuses a direction between the same party, or to a party outside the agreement', () => {
    spec
      .given([agreementSigned])
      .when(reportTransfer({ ...UA_1245, direction: { from: 'ukraine', to: 'ukraine' } }))
      .thenThrows('invalid_direction');
    spec
      .given([agreementSigned])
      .when(reportTransfer({ ...UA_1245, direction: { from: 'turkey', to: 'ukraine' } }))
      .thenThrows('party_not_in_agreement');
  });

  it('refuses a negative or fractional count', () => {
    spec
      .given([agreementSigned])
      .when(reportTransfer({ ...UA_1245, quantity: exact(-3) }))
      .thenThrows('invalid_quantity');
    spec
      .given([agreementSigned])
      .when(reportTransfer({ ...UA_1245, quantity: exact(1245.5) }))
      .thenThrows('invalid_quantity');
  });

  it('refuses a malformed measure and an unknown scope', () => {
    spec
      .given([agreementSigned])
      .when(reportTransfer(UA_1245, { measure: 'dead bodies' }))
      .thenThrows('invalid_id');
    spec
      .given([agreementSigned])
      .when(reportTransfer({ ...UA_1245, scope: { kind: 'weekly' } as never }))
      .thenThrows('invalid_scope');
  });

  it('refuses a source that is not registered', () => {
    spec
      .given([agreementSigned])
      .when(reportTransfer({ ...UA_1245, sourceId: 'anonymous-channel' }))
      .thenThrows('source_not_registered');
  });

  it('refuses a statement made after now (beyond five minutes of skew)', () => {
    spec
      .given([agreementSigned])
      .when(reportTransfer({ ...UA_1245, statedAt: '2025-06-18T08:05:01Z' }))
      .thenThrows('statement_in_future');
    spec
      .given([agreementSigned])
      .when(reportTransfer({ ...UA_1245, statedAt: '2025-06-18T08:04:59Z' }))
      .then([transferReported({ ...UA_1245, statedAt: '2025-06-18T08:04:59.000Z' })]);
  });

  it('refuses a statement time that is not an instant', () => {
    spec
      .given([agreementSigned])
      .when(reportTransfer({ ...UA_1245, statedAt: '17 June 2025' }))
      .thenThrows('invalid_timestamp');
  });

  it('refuses a transfer that happened after it was stated', () => {
    spec
      .given([agreementSigned])
      .when(reportTransfer(UA_1245, { occurredAt: { from: '2025-06-16', to: '2025-06-19' } }))
      .thenThrows('occurrence_after_statement');
  });

  it('refuses an occurrence period that ends before it starts, has no end, or is not a date', () => {
    spec
      .given([agreementSigned])
      .when(reportTransfer(UA_1245, { occurredAt: { from: '2025-06-17', to: '2025-06-16' } }))
      .thenThrows('invalid_period');
    spec
      .given([agreementSigned])
      .when(reportTransfer(UA_1245, { occurredAt: {} }))
      .thenThrows('invalid_period');
    spec
      .given([agreementSigned])
      .when(reportTransfer(UA_1245, { occurredAt: { from: '2025-06-32' } }))
      .thenThrows('invalid_date');
  });

  it('refuses a figure stated, or a transfer that happened, before the agreement was signed', () => {
    spec
      .given([agreementSigned])
      .when(reportTransfer({ ...UA_1245, statedAt: '2025-05-30T09:00:00Z' }))
      .thenThrows('before_agreement_signed');
    spec
      .given([agreementSigned])
      .when(reportTransfer(UA_1245, { occurredAt: { from: '2025-05-20', to: '2025-06-17' } }))
      .thenThrows('before_agreement_signed');
    // An instant that is already 2 June somewhere (UTC+14) is not before the signing day.
    spec
      .given([agreementSigned])
      .when(reportTransfer(UA_1245, { occurredAt: { from: '2025-06-01T12:00:00Z' } }))
      .then([
        {
          ...transferReported(UA_1245),
          data: {
            ...transferReported(UA_1245).data,
            occurredAt: { from: '2025-06-01T12:00:00.000Z' },
          },
        },
      ]);
  });

  it('records a figure about an earlier period when the command names that period', () => {
    const early = { ...UA_1245, statedAt: '2025-05-30T09:00:00.000Z' };
    spec
      .given([agreementSigned])
      .when(reportTransfer(early, { priorPeriod: 'exchanges since February 2022' }))
      .then([
        {
          ...transferReported(early),
          data: { ...transferReported(early).data, priorPeriod: 'exchanges since February 2022' },
        },
      ]);
  });

  it('takes a newer figure from the same source on the same key as revising the older: it never disputes itself', () => {
    const newer = { ...UA_1245, claimId: 'c-ua-1250', quantity: exact(1250), statedAt: NOW };
    const state = spec
      .given([agreementSigned, transferReported(UA_1245)])
      .when(reportTransfer(newer))
      .then([
        {
          ...transferReported(newer),
          data: { ...transferReported(newer).data, revises: UA_1245.claimId },
        },
      ]);
    expect(state.status === 'signed' && state.claims.get(UA_1245.claimId)).toMatchObject({
      status: 'superseded',
      supersededBy: 'c-ua-1250',
    });
    spec
      .given([agreementSigned, transferReported({ ...UA_1245, statedAt: NOW })])
      .when(reportTransfer({ ...UA_1245, claimId: 'c-ua-older', quantity: exact(1240) }))
      .thenThrows('figure_older_than_live');
  });

  it('replaces a revised-away figure in the open dispute by the newer one from its source', () => {
    const opened = spec
      .given([agreementSigned, transferReported(UA_1245)])
      .when(reportTransfer(RU_1248))
      .events().events;
    expect(opened.map((e) => e.type)).toEqual(['TransferReported', 'FigureDisputed']);
    const newer = { ...RU_1248, claimId: 'c-ru-1250', quantity: exact(1250), statedAt: NOW };
    const events = spec
      .given([agreementSigned, transferReported(UA_1245), ...opened])
      .when(reportTransfer(newer))
      .events().events;
    expect(events.map((e) => e.type)).toEqual(['TransferReported', 'DisputeClaimsChanged']);
    expect(events[1]?.data).toMatchObject({
      claims: [{ claimId: UA_1245.claimId }, { claimId: 'c-ru-1250' }],
      delta: 5,
    });
  });

  it('refuses a link that is not http(s) and an empty quote', () => {
    spec
      .given([agreementSigned])
      .when(reportTransfer(UA_1245, { link: 'javascript:alert(1)' }))
      .thenThrows('invalid_link');
    spec
      .given([agreementSigned])
      .when(reportTransfer(UA_1245, { quote: ' ' }))
      .thenThrows('invalid_text');
  });
});

function claimCompletion(data: Partial<ClaimTermCompletion['data']> = {}): ClaimTermCompletion {
  const base = {
    agreementId: AGREEMENT_ID,
    claimId: 'c-ua-completed',
    termId: REPATRIATION,
    sourceId: SOURCES.uaHq.sourceId,
    statedAt: STATED,
  };
  return { type: 'ClaimTermCompletion', data: { ...base, ...data }, metadata: { now: NOW } };
}

const completionClaimed: AgreementTermCompletionClaimed = {
  type: 'AgreementTermCompletionClaimed',
  schemaVersion: 1,
  data: {
    agreementId: AGREEMENT_ID,
    claimId: 'c-ua-completed',
    termId: REPATRIATION,
    sourceId: SOURCES.uaHq.sourceId,
    statedAt: STATED,
  },
};

describe('claims stated before the signing', () => {
  it('refuses a completion claim or a framing stated before the agreement was signed', () => {
    const early = '2025-06-01T08:00:00Z';
    spec
      .given([agreementSigned])
      .when({
        type: 'ClaimTermCompletion',
        data: {
          agreementId: AGREEMENT_ID,
          claimId: 'c-done',
          termId: REPATRIATION,
          sourceId: SOURCES.uaHq.sourceId,
          statedAt: early,
        },
        metadata: { now: NOW },
      })
      .thenThrows('before_agreement_signed');
    spec
      .given([agreementSigned])
      .when({
        type: 'ClaimCharacterization',
        data: {
          agreementId: AGREEMENT_ID,
          claimId: 'c-framing',
          property: 'reciprocity',
          value: 'mutual',
          sourceId: SOURCES.uaHq.sourceId,
          statedAt: early,
        },
        metadata: { now: NOW },
      })
      .thenThrows('before_agreement_signed');
  });
});

describe('ClaimTermCompletion', () => {
  it('records that a source says a term has been completed', () => {
    spec.given([agreementSigned]).when(claimCompletion()).then([completionClaimed]);
  });

  it('keeps the quote', () => {
    const quote = 'the repatriation component of the Istanbul agreements has been completed';
    spec
      .given([agreementSigned])
      .when(claimCompletion({ quote }))
      .then([{ ...completionClaimed, data: { ...completionClaimed.data, quote } }]);
  });

  it('refuses a completion claim on an unsigned agreement, an unknown term, an unknown source, a used id, a future statement', () => {
    spec.given([]).when(claimCompletion()).thenThrows('agreement_not_found');
    spec
      .given([agreementSigned])
      .when(claimCompletion({ termId: 'ceasefire' }))
      .thenThrows('term_not_found');
    spec
      .given([agreementSigned])
      .when(claimCompletion({ sourceId: 'nobody' }))
      .thenThrows('source_not_registered');
    spec
      .given([agreementSigned, completionClaimed])
      .when(claimCompletion())
      .thenThrows('claim_already_exists');
    spec
      .given([agreementSigned])
      .when(claimCompletion({ statedAt: '2025-06-19T00:00:00Z' }))
      .thenThrows('statement_in_future');
  });
});

function characterize(data: Partial<ClaimCharacterization['data']> = {}): ClaimCharacterization {
  const base = {
    agreementId: AGREEMENT_ID,
    claimId: 'c-ua-mutual',
    termId: REPATRIATION,
    property: 'reciprocity',
    value: 'mutual_exchange',
    sourceId: SOURCES.uaHq.sourceId,
    statedAt: STATED,
  };
  return { type: 'ClaimCharacterization', data: { ...base, ...data }, metadata: { now: NOW } };
}

function characterized(
  claimId: string,
  sourceId: string,
  value: string,
  contestedClaimIds: string[],
): CharacterizationClaimed {
  return {
    type: 'CharacterizationClaimed',
    schemaVersion: 1,
    data: {
      agreementId: AGREEMENT_ID,
      claimId,
      subject: { agreementId: AGREEMENT_ID, termId: REPATRIATION },
      property: 'reciprocity',
      value,
      propertyKey: 'reciprocity',
      valueKey: framingKey(value),
      sourceId,
      statedAt: STATED,
      contestedClaimIds,
    },
  };
}

describe('ClaimCharacterization', () => {
  const mutual = characterized('c-ua-mutual', SOURCES.uaHq.sourceId, 'mutual_exchange', []);

  it('records a framing with nothing contesting it yet', () => {
    spec.given([agreementSigned]).when(characterize()).then([mutual]);
  });

  it('records a rival framing with the claims it contests, picking no winner', () => {
    const command = characterize({
      claimId: 'c-ru-unilateral',
      value: 'unilateral_humanitarian',
      sourceId: SOURCES.ruMod.sourceId,
    });
    const state = spec
      .given([agreementSigned, mutual])
      .when(command)
      .then([
        characterized('c-ru-unilateral', SOURCES.ruMod.sourceId, 'unilateral_humanitarian', [
          'c-ua-mutual',
        ]),
      ]);
    expect(state.status === 'signed' && [...state.claims.values()].map((c) => c.status)).toEqual([
      'live',
      'live',
    ]);
  });

  it('does not count an agreeing framing, another property, or the whole agreement as contest', () => {
    const agreeing = characterize({
      claimId: 'c-umerov-mutual',
      sourceId: SOURCES.umerov.sourceId,
    });
    spec
      .given([agreementSigned, mutual])
      .when(agreeing)
      .then([characterized('c-umerov-mutual', SOURCES.umerov.sourceId, 'mutual_exchange', [])]);
    const wholeAgreement = characterize({
      claimId: 'c-ru-whole',
      termId: undefined,
      value: 'unilateral_humanitarian',
      sourceId: SOURCES.ruMod.sourceId,
    });
    const expected = characterized(
      'c-ru-whole',
      SOURCES.ruMod.sourceId,
      'unilateral_humanitarian',
      [],
    );
    spec
      .given([agreementSigned, mutual])
      .when(wholeAgreement)
      .then([{ ...expected, data: { ...expected.data, subject: { agreementId: AGREEMENT_ID } } }]);
  });

  it('refuses a framing of an unsigned agreement, an unknown term, an unknown source, a used id, a future statement', () => {
    spec.given([]).when(characterize()).thenThrows('agreement_not_found');
    spec
      .given([agreementSigned])
      .when(characterize({ termId: 'ceasefire' }))
      .thenThrows('term_not_found');
    spec
      .given([agreementSigned])
      .when(characterize({ sourceId: 'nobody' }))
      .thenThrows('source_not_registered');
    spec.given([agreementSigned, mutual]).when(characterize()).thenThrows('claim_already_exists');
    spec
      .given([agreementSigned])
      .when(characterize({ statedAt: '2025-06-19T00:00:00Z' }))
      .thenThrows('statement_in_future');
  });

  it('refuses an empty property or value, or words with no letter or digit to match by', () => {
    spec
      .given([agreementSigned])
      .when(characterize({ property: '' }))
      .thenThrows('invalid_text');
    spec
      .given([agreementSigned])
      .when(characterize({ value: '' }))
      .thenThrows('invalid_text');
    spec
      .given([agreementSigned])
      .when(characterize({ value: '— ?' }))
      .thenThrows('invalid_text');
  });

  it("keeps the source's own words and matches framings by their keys", () => {
    const words = characterize({
      claimId: 'c-umerov-words',
      sourceId: SOURCES.umerov.sourceId,
      property: 'Reciprocity',
      value: 'A mutual-exchange.',
    });
    const same = characterized('c-umerov-words', SOURCES.umerov.sourceId, 'A mutual-exchange.', []);
    spec
      .given([agreementSigned, mutual])
      .when(words)
      .then([{ ...same, data: { ...same.data, property: 'Reciprocity' } }]);
    const rival = characterize({
      claimId: 'c-ru-words',
      sourceId: SOURCES.ruMod.sourceId,
      property: 'RECIPROCITY',
      value: 'a unilateral, humanitarian gesture',
    });
    const contesting = characterized(
      'c-ru-words',
      SOURCES.ruMod.sourceId,
      'a unilateral, humanitarian gesture',
      ['c-ua-mutual'],
    );
    spec
      .given([agreementSigned, mutual])
      .when(rival)
      .then([{ ...contesting, data: { ...contesting.data, property: 'RECIPROCITY' } }]);
  });

  it('derives the keys of a framing recorded before keys were', () => {
    const { propertyKey: _p, valueKey: _v, ...old } = mutual.data;
    const rival = characterize({
      claimId: 'c-ru-unilateral',
      value: 'Unilateral humanitarian',
      sourceId: SOURCES.ruMod.sourceId,
    });
    spec
      .given([agreementSigned, { ...mutual, data: old }])
      .when(rival)
      .then([
        characterized('c-ru-unilateral', SOURCES.ruMod.sourceId, 'Unilateral humanitarian', [
          'c-ua-mutual',
        ]),
      ]);
    const agreeing = characterize({
      claimId: 'c-umerov-mutual',
      value: 'mutual exchange',
      sourceId: SOURCES.umerov.sourceId,
    });
    spec
      .given([agreementSigned, { ...mutual, data: old }])
      .when(agreeing)
      .then([characterized('c-umerov-mutual', SOURCES.umerov.sourceId, 'mutual exchange', [])]);
  });
});
