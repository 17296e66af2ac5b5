import { type AgreementState } from '../agreements/agreement-state';
import { agreementDecider } from '../agreements/agreement-decider';
import {
  agreementSigned,
  AGREEMENT_ID,
  exact,
  NOW,
  SOURCES,
  sourceLookup,
} from '../testing/agreement-fixtures';
import { deciderSpec } from '../testing/given-when-then';
import { type AnswerOffer, type MakeOffer, type ReviseOffer } from './offer-commands';
import { offerDecider, type OfferContext, referencesOfOfferCommand } from './offer-decider';
import { type OfferAnswered, type OfferMade, type OfferRevised } from './offer-events';

const signed: AgreementState = agreementDecider.evolve(
  agreementDecider.initialState(),
  agreementSigned,
);
const context: OfferContext = { ...sourceLookup, agreements: new Map([[AGREEMENT_ID, signed]]) };
const spec = deciderSpec(offerDecider, context);
const STATED = '2025-06-17T10:40:00.000Z';
const LATER = '2025-06-17T18:00:00.000Z';
const QUOTE = 'prepared to hand over another 2,239 bodies';

function make(data: Partial<MakeOffer['data']> = {}): MakeOffer {
  const base = {
    offerId: 'offer-ru-2239',
    agreementId: AGREEMENT_ID,
    by: 'russia',
    to: 'ukraine',
    sourceId: SOURCES.ruMod.sourceId,
    measure: 'bodies',
    quantity: exact(2239),
    beyondAgreement: true,
    statedAt: STATED,
    quote: QUOTE,
  };
  return { type: 'MakeOffer', data: { ...base, ...data }, metadata: { now: NOW } };
}

const made: OfferMade = {
  type: 'OfferMade',
  schemaVersion: 1,
  data: {
    offerId: 'offer-ru-2239',
    agreementId: AGREEMENT_ID,
    by: 'russia',
    to: 'ukraine',
    sourceId: 'ru-mod',
    measure: 'bodies',
    quantity: exact(2239),
    beyondAgreement: true,
    statedAt: STATED,
    quote: QUOTE,
  },
};

function revise(data: Partial<ReviseOffer['data']> = {}): ReviseOffer {
  return {
    type: 'ReviseOffer',
    data: {
      offerId: 'offer-ru-2239',
      sourceId: 'ru-mod',
      quantity: exact(2500),
      reason: 'more remains identified',
      statedAt: LATER,
      ...data,
    },
    metadata: { now: NOW },
  };
}

const revised: OfferRevised = {
  type: 'OfferRevised',
  schemaVersion: 1,
  data: {
    offerId: 'offer-ru-2239',
    sourceId: 'ru-mod',
    previousQuantity: exact(2239),
    quantity: exact(2500),
    reason: 'more remains identified',
    statedAt: LATER,
  },
};

function answer(data: Partial<AnswerOffer['data']> = {}): AnswerOffer {
  return {
    type: 'AnswerOffer',
    data: {
      offerId: 'offer-ru-2239',
      answer: 'accepted',
      sourceId: SOURCES.uaHq.sourceId,
      statedAt: LATER,
      ...data,
    },
    metadata: { now: NOW },
  };
}

const answered = (a: OfferAnswered['data']['answer']): OfferAnswered => ({
  type: 'OfferAnswered',
  schemaVersion: 1,
  data: { offerId: 'offer-ru-2239', answer: a, sourceId: 'ua-coordination-hq', statedAt: LATER },
});

describe('MakeOffer', () => {
  it('records an offer beyond the agreement, pending until answered', () => {
    const state = spec.given([]).when(make()).then([made]);
    expect(state).toMatchObject({
      status: 'pending',
      quantity: exact(2239),
      beyondAgreement: true,
    });
  });

  it('records an offer with no agreement at all', () => {
    const { agreementId: _omit, ...data } = made.data;
    spec
      .given([])
      .when(make({ agreementId: undefined, beyondAgreement: false }))
      .then([{ ...made, data: { ...data, beyondAgreement: false } }]);
  });

  it('refuses an offer made twice', () => {
    spec.given([made]).when(make()).thenThrows('offer_already_made');
  });

  it('refuses an unknown agreement, a party outside it, an offer to oneself', () => {
    spec
      .given([])
      .when(make({ agreementId: 'minsk-2015' }))
      .thenThrows('agreement_not_found');
    spec
      .given([])
      .when(make({ to: 'turkey' }))
      .thenThrows('party_not_in_agreement');
    spec
      .given([])
      .when(make({ to: 'russia' }))
      .thenThrows('invalid_direction');
  });

  it('refuses "beyond the agreement" without an agreement, or a flag that is not boolean', () => {
    spec
      .given([])
      .when(make({ agreementId: undefined }))
      .thenThrows('invalid_terms');
    spec
      .given([])
      .when(make({ beyondAgreement: 'yes' as never }))
      .thenThrows('invalid_terms');
  });

  it('refuses an unknown source, a bad quantity, a bad measure, a future statement', () => {
    spec
      .given([])
      .when(make({ sourceId: 'nobody' }))
      .thenThrows('source_not_registered');
    spec
      .given([])
      .when(make({ quantity: exact(-1) }))
      .thenThrows('invalid_quantity');
    spec
      .given([])
      .when(make({ measure: '' }))
      .thenThrows('invalid_id');
    spec
      .given([])
      .when(make({ statedAt: '2025-06-19T00:00:00Z' }))
      .thenThrows('statement_in_future');
  });

  it('names its stream offer-<id> and the facts the handler must load', () => {
    expect(offerDecider.streamFor(make())).toBe('offer-offer-ru-2239');
    expect(offerDecider.streamExpectation(make())).toBe('new');
    expect(offerDecider.streamExpectation(answer())).toBe('existing');
    expect(referencesOfOfferCommand(make())).toEqual({
      sourceIds: ['ru-mod'],
      agreementIds: [AGREEMENT_ID],
    });
    expect(referencesOfOfferCommand(answer())).toEqual({
      sourceIds: ['ua-coordination-hq'],
      agreementIds: [],
    });
  });
});

describe('ReviseOffer', () => {
  it('records a new quantity for a pending offer', () => {
    const state = spec.given([made]).when(revise()).then([revised]);
    expect(state).toMatchObject({ status: 'pending', quantity: exact(2500) });
  });

  it('keeps the date the offer was first made; the revision keeps its own', () => {
    const state = spec.given([made]).when(revise()).then([revised]);
    expect(state).toMatchObject({ madeAt: STATED, statedAt: LATER });
  });

  it('refuses a revision by a source that does not speak for the offering party', () => {
    for (const sourceId of [SOURCES.uaHq.sourceId, SOURCES.ewn.sourceId, SOURCES.turkey.sourceId])
      spec.given([made]).when(revise({ sourceId })).thenThrows('not_offering_party');
  });

  it('refuses an unknown offer, an answered offer, the same quantity', () => {
    spec.given([]).when(revise()).thenThrows('offer_not_found');
    spec
      .given([made, answered('declined')])
      .when(revise())
      .thenThrows('offer_already_answered');
    spec
      .given([made])
      .when(revise({ quantity: exact(2239) }))
      .thenThrows('offer_unchanged');
  });

  it('refuses an unknown source, an empty reason, a future or an earlier statement', () => {
    spec
      .given([made])
      .when(revise({ sourceId: 'nobody' }))
      .thenThrows('source_not_registered');
    spec
      .given([made])
      .when(revise({ reason: '' }))
      .thenThrows('invalid_text');
    spec
      .given([made])
      .when(revise({ statedAt: '2025-06-19T00:00:00Z' }))
      .thenThrows('statement_in_future');
    spec
      .given([made])
      .when(revise({ statedAt: '2025-06-16T00:00:00Z' }))
      .thenThrows('statement_before_claim');
  });
});

describe('AnswerOffer', () => {
  it.each(['accepted', 'declined', 'countered'] as const)('records the offer %s', (a) => {
    const state = spec
      .given([made])
      .when(answer({ answer: a }))
      .then([answered(a)]);
    expect(state.status).toBe(a);
  });

  it('refuses an answer by a source that does not speak for the addressed party', () => {
    for (const sourceId of [SOURCES.ruMod.sourceId, SOURCES.ewn.sourceId])
      spec.given([made]).when(answer({ sourceId })).thenThrows('not_addressed_party');
  });

  it('records a relay reporting the answer on the party’s behalf, naming both', () => {
    const expected = answered('declined');
    spec
      .given([made])
      .when(answer({ answer: 'declined', reportedBy: SOURCES.ewn.sourceId }))
      .then([{ ...expected, data: { ...expected.data, reportedBy: 'ewn' } }]);
    spec
      .given([made])
      .when(answer({ reportedBy: 'nobody' }))
      .thenThrows('source_not_registered');
    expect(referencesOfOfferCommand(answer({ reportedBy: 'ewn' })).sourceIds).toEqual([
      'ua-coordination-hq',
      'ewn',
    ]);
  });

  it('refuses an unknown offer, a second answer, an unknown answer', () => {
    spec.given([]).when(answer()).thenThrows('offer_not_found');
    spec
      .given([made, answered('accepted')])
      .when(answer())
      .thenThrows('offer_already_answered');
    spec
      .given([made])
      .when(answer({ answer: 'maybe' as never }))
      .thenThrows('invalid_status');
  });

  it('refuses an unknown source, a future or an earlier statement', () => {
    spec
      .given([made])
      .when(answer({ sourceId: 'nobody' }))
      .thenThrows('source_not_registered');
    spec
      .given([made])
      .when(answer({ statedAt: '2025-06-19T00:00:00Z' }))
      .thenThrows('statement_in_future');
    spec
      .given([made])
      .when(answer({ statedAt: '2025-06-17T10:00:00Z' }))
      .thenThrows('statement_before_claim');
  });
});
