import { type LedgerCommand } from '../ledger';

/**
 * The founding article (EWN, relayed by AJTechnicalDr.com) as domain commands: what a recorder
 * would enter the day after, each figure a claim by its source. Pure data: the API turns it into
 * an HTTP fixture, the spec beside it runs it through the deciders.
 *
 * Times: the final phase took place around 16-17 June 2025; the statements were made on 17 June
 * (the article gives no hour, so hours are plausible placeholders, in UTC); everything is
 * recorded on 18 June. Quotes are only the article's verbatim words; reported speech has none.
 */

export const SEED_IDS = {
  agreement: 'istanbul-2025',
  terms: { repatriation: 'repatriation', prisonerExchange: 'prisoner-exchange' },
  parties: { ukraine: 'ukraine', russia: 'russia' },
  mediators: { turkey: 'turkey' },
  sources: {
    uaHq: 'ua-coordination-hq',
    ruMod: 'ru-mod',
    umerov: 'rustem-umerov',
    ewn: 'ewn',
    ajTechnicalDr: 'ajtechnicaldr',
    turkey: 'turkey-mfa',
  },
  claims: {
    uaFinal1245: 'claim-ua-hq-final-1245',
    ruFinal1248: 'claim-ru-mod-final-1248',
    umerovOver6000: 'claim-umerov-over-6000',
    ruReceived51: 'claim-ru-mod-received-51',
    ruReceivedTotal78: 'claim-ru-mod-received-total-78',
    uaCompletion: 'claim-ua-hq-repatriation-completed',
    uaMutual: 'claim-ua-mutual-exchange',
    ruUnilateral: 'claim-ru-unilateral-humanitarian',
  },
  disputes: { finalPhase: 'dispute-final-phase-russia-to-ukraine' },
  offers: { ru2239: 'offer-ru-2239-beyond-istanbul' },
} as const;

const { agreement: agreementId, sources: S, claims: C } = SEED_IDS;
const repatriation = SEED_IDS.terms.repatriation;
const ruToUa = { from: 'russia', to: 'ukraine' } as const;
const uaToRu = { from: 'ukraine', to: 'russia' } as const;
const finalPhase = { kind: 'phase', phase: 'final' } as const;
const finalPhaseDays = { from: '2025-06-16', to: '2025-06-17' } as const;

/** Recording times: one minute apart from 08:00 UTC on 18 June, in scenario order. */
const at = (minute: number) => ({ now: `2025-06-18T08:${String(minute).padStart(2, '0')}:00Z` });

const sources: LedgerCommand[] = [
  {
    type: 'RegisterSource',
    metadata: at(0),
    data: {
      sourceId: S.uaHq,
      name: "Ukraine's Coordination Headquarters for the Treatment of Prisoners of War",
      kind: 'party_authority',
      affiliation: 'ukraine',
    },
  },
  {
    type: 'RegisterSource',
    metadata: at(1),
    data: {
      sourceId: S.ruMod,
      name: 'Ministry of Defence of the Russian Federation',
      kind: 'party_authority',
      affiliation: 'russia',
    },
  },
  {
    type: 'RegisterSource',
    metadata: at(2),
    data: {
      sourceId: S.umerov,
      name: "Rustem Umerov, Ukraine's Minister of Defence",
      kind: 'party_official',
      affiliation: 'ukraine',
      channel: 'Facebook',
    },
  },
  {
    type: 'RegisterSource',
    metadata: at(3),
    data: { sourceId: S.ewn, name: 'EWN', kind: 'news_agency' },
  },
  {
    type: 'RegisterSource',
    metadata: at(4),
    data: {
      sourceId: S.ajTechnicalDr,
      name: 'AJTechnicalDr.com',
      kind: 'media',
      channel: 'website',
      relayOf: S.ewn,
    },
  },
  {
    type: 'RegisterSource',
    metadata: at(5),
    data: {
      sourceId: S.turkey,
      name: 'Republic of Türkiye (mediator)',
      kind: 'neutral_intermediary',
      affiliation: 'turkey',
    },
  },
];

const agreement: LedgerCommand = {
  type: 'SignAgreement',
  metadata: at(6),
  data: {
    agreementId,
    title: 'Istanbul agreements on prisoner exchanges and the repatriation of the dead',
    venue: 'Istanbul, Türkiye',
    signedOn: '2025-06-02',
    parties: [
      { id: 'ukraine', name: 'Ukraine' },
      { id: 'russia', name: 'Russian Federation' },
    ],
    mediators: [{ id: 'turkey', name: 'Türkiye' }],
    // The article states no agreed figure, so none is recorded; reciprocity of the repatriation is contested.
    terms: [
      {
        termId: repatriation,
        kind: 'repatriation_of_remains',
        description: 'Repatriation of the bodies of fallen soldiers',
        reciprocity: 'unspecified',
      },
      {
        termId: SEED_IDS.terms.prisonerExchange,
        kind: 'prisoner_exchange',
        description: 'Exchanges of prisoners of war',
        reciprocity: 'mutual',
      },
    ],
  },
};

const transfers: LedgerCommand[] = [
  {
    type: 'ReportTransfer',
    metadata: at(10),
    data: {
      agreementId,
      claimId: C.uaFinal1245,
      termId: repatriation,
      direction: ruToUa,
      measure: 'bodies',
      quantity: { value: 1245, precision: 'exact' },
      scope: finalPhase,
      occurredAt: finalPhaseDays,
      statedAt: '2025-06-17T09:30:00Z',
      sourceId: S.uaHq,
      quote:
        'Another 1,245 bodies returned to Ukraine from Russia — the repatriation component of the Istanbul agreements has been completed',
    },
  },
  {
    type: 'ReportTransfer',
    metadata: at(11),
    data: {
      agreementId,
      claimId: C.ruFinal1248,
      termId: repatriation,
      direction: ruToUa,
      measure: 'bodies',
      quantity: { value: 1248, precision: 'exact' },
      scope: finalPhase,
      occurredAt: finalPhaseDays,
      statedAt: '2025-06-17T10:15:00Z',
      sourceId: S.ruMod,
      disputeId: SEED_IDS.disputes.finalPhase,
    },
  },
  {
    type: 'ReportTransfer',
    metadata: at(12),
    data: {
      agreementId,
      claimId: C.umerovOver6000,
      termId: repatriation,
      direction: ruToUa,
      measure: 'bodies',
      quantity: { value: 6000, precision: 'at_least' },
      scope: { kind: 'cumulative', period: 'past week' },
      statedAt: '2025-06-17T11:05:00Z',
      sourceId: S.umerov,
      quote: 'Over 6,000 Ukrainian heroes have now been returned home to be buried with honor',
    },
  },
  {
    type: 'ReportTransfer',
    metadata: at(13),
    data: {
      agreementId,
      claimId: C.ruReceived51,
      termId: repatriation,
      direction: uaToRu,
      measure: 'bodies',
      quantity: { value: 51, precision: 'exact' },
      scope: finalPhase,
      occurredAt: finalPhaseDays,
      statedAt: '2025-06-17T10:15:00Z',
      sourceId: S.ruMod,
    },
  },
  {
    type: 'ReportTransfer',
    metadata: at(14),
    data: {
      agreementId,
      claimId: C.ruReceivedTotal78,
      termId: repatriation,
      direction: uaToRu,
      measure: 'bodies',
      quantity: { value: 78, precision: 'exact' },
      scope: { kind: 'cumulative', period: 'since the latest exchanges began' },
      statedAt: '2025-06-17T10:15:00Z',
      sourceId: S.ruMod,
    },
  },
];

const framings: LedgerCommand[] = [
  {
    type: 'ClaimTermCompletion',
    metadata: at(20),
    data: {
      agreementId,
      claimId: C.uaCompletion,
      termId: repatriation,
      sourceId: S.uaHq,
      statedAt: '2025-06-17T09:30:00Z',
      quote: 'the repatriation component of the Istanbul agreements has been completed',
    },
  },
  // The article dates neither framing; both are recorded as stated on the 17th, when it reported them.
  {
    type: 'ClaimCharacterization',
    metadata: at(21),
    data: {
      agreementId,
      claimId: C.uaMutual,
      termId: repatriation,
      property: 'reciprocity',
      value: 'mutual_exchange',
      sourceId: S.uaHq,
      statedAt: '2025-06-17T09:30:00Z',
    },
  },
  {
    type: 'ClaimCharacterization',
    metadata: at(22),
    data: {
      agreementId,
      claimId: C.ruUnilateral,
      termId: repatriation,
      property: 'reciprocity',
      value: 'unilateral_humanitarian',
      sourceId: S.ruMod,
      statedAt: '2025-06-17T10:15:00Z',
    },
  },
];

const offer: LedgerCommand = {
  type: 'MakeOffer',
  metadata: at(30),
  data: {
    offerId: SEED_IDS.offers.ru2239,
    agreementId,
    by: 'russia',
    to: 'ukraine',
    sourceId: S.ruMod,
    measure: 'bodies',
    quantity: { value: 2239, precision: 'exact' },
    beyondAgreement: true,
    statedAt: '2025-06-17T10:40:00Z',
  },
};

/** EWN reported both sides' figures; the website republished EWN: relays, not independent confirmation. */
const relays: LedgerCommand[] = [
  {
    type: 'CorroborateClaim',
    metadata: at(40),
    data: {
      agreementId,
      claimId: C.uaFinal1245,
      sourceId: S.ewn,
      independence: 'relay',
      statedAt: '2025-06-17T14:00:00Z',
    },
  },
  {
    type: 'CorroborateClaim',
    metadata: at(41),
    data: {
      agreementId,
      claimId: C.ruFinal1248,
      sourceId: S.ewn,
      independence: 'relay',
      statedAt: '2025-06-17T14:00:00Z',
    },
  },
  {
    type: 'CorroborateClaim',
    metadata: at(42),
    data: {
      agreementId,
      claimId: C.uaFinal1245,
      sourceId: S.ajTechnicalDr,
      statedAt: '2025-06-17T16:00:00Z',
    },
  },
];

/** In order: each command depends only on those before it. */
export const SEED_SCENARIO: readonly LedgerCommand[] = [
  ...sources,
  agreement,
  ...transfers,
  ...framings,
  offer,
  ...relays,
];
