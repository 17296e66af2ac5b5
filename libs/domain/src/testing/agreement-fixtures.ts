import { type ReportTransfer } from '../agreements/agreement-commands';
import { type AgreementSigned, type TransferReported } from '../agreements/agreement-events';
import { type Quantity } from '../quantity/quantity';
import { type TransferDirection, type TransferScope } from '../quantity/quantity-key';
import { type RegisteredSource, type SourceLookup } from '../sources/source-decider';

/** Shared test data for the agreement's deciders: the Istanbul agreement and the article's sources. */

export const NOW = '2025-06-18T08:00:00.000Z';
export const STATED = '2025-06-17T09:30:00.000Z';
export const AGREEMENT_ID = 'istanbul-2025';
export const REPATRIATION = 'repatriation';

function source(
  sourceId: string,
  name: string,
  kind: RegisteredSource['kind'],
  extra: Partial<RegisteredSource> = {},
): RegisteredSource {
  return { status: 'registered', sourceId, name, kind, ...extra };
}

export const SOURCES = {
  uaHq: source(
    'ua-coordination-hq',
    'Coordination HQ for the Treatment of POWs',
    'party_authority',
    { affiliation: 'ukraine' },
  ),
  ruMod: source('ru-mod', 'Ministry of Defence of the Russian Federation', 'party_authority', {
    affiliation: 'russia',
  }),
  umerov: source(
    'rustem-umerov',
    'Rustem Umerov, Minister of Defence of Ukraine',
    'party_official',
    { affiliation: 'ukraine', channel: 'Facebook' },
  ),
  ewn: source('ewn', 'EWN', 'news_agency'),
  aj: source('ajtechnicaldr', 'AJTechnicalDr.com', 'media', { relayOf: 'ewn' }),
  turkey: source('turkey-mfa', 'Republic of Türkiye', 'neutral_intermediary', {
    affiliation: 'turkey',
  }),
  icrc: source('icrc', 'International Committee of the Red Cross', 'neutral_intermediary'),
} as const;

export const sourceLookup: SourceLookup = {
  sources: new Map(Object.values(SOURCES).map((s) => [s.sourceId, s])),
};

export const agreementSigned: AgreementSigned = {
  type: 'AgreementSigned',
  schemaVersion: 1,
  data: {
    agreementId: AGREEMENT_ID,
    title: 'Istanbul agreements',
    venue: 'Istanbul',
    signedOn: '2025-06-02',
    parties: [
      { id: 'ukraine', name: 'Ukraine' },
      { id: 'russia', name: 'Russian Federation' },
    ],
    mediators: [{ id: 'turkey', name: 'Türkiye' }],
    terms: [
      {
        termId: REPATRIATION,
        kind: 'repatriation_of_remains',
        description: 'Repatriation of the bodies of fallen soldiers',
        reciprocity: 'unspecified',
      },
      {
        termId: 'prisoner-exchange',
        kind: 'prisoner_exchange',
        description: 'Exchange of prisoners of war',
        reciprocity: 'mutual',
      },
    ],
  },
};

export const RU_TO_UA: TransferDirection = { from: 'russia', to: 'ukraine' };
export const UA_TO_RU: TransferDirection = { from: 'ukraine', to: 'russia' };
export const FINAL_PHASE: TransferScope = { kind: 'phase', phase: 'final' };
export const exact = (value: number): Quantity => ({ value, precision: 'exact' });

/** Keys spelled out literally, so the specs do not trust quantityKey() to check quantityKey(). */
export const KEY_RU_UA_FINAL = 'istanbul-2025/repatriation/russia->ukraine/bodies/phase:final';

export interface TransferSpec {
  readonly claimId: string;
  readonly sourceId: string;
  readonly quantity: Quantity;
  readonly direction?: TransferDirection;
  readonly scope?: TransferScope;
  readonly quantityKey?: string;
  readonly statedAt?: string;
}

export function reportTransfer(
  t: TransferSpec,
  extra: Partial<ReportTransfer['data']> = {},
): ReportTransfer {
  return {
    type: 'ReportTransfer',
    data: {
      agreementId: AGREEMENT_ID,
      claimId: t.claimId,
      termId: REPATRIATION,
      direction: t.direction ?? RU_TO_UA,
      measure: 'bodies',
      quantity: t.quantity,
      scope: t.scope ?? FINAL_PHASE,
      statedAt: t.statedAt ?? STATED,
      sourceId: t.sourceId,
      ...extra,
    },
    metadata: { now: NOW },
  };
}

export function transferReported(t: TransferSpec): TransferReported {
  return {
    type: 'TransferReported',
    schemaVersion: 1,
    data: {
      agreementId: AGREEMENT_ID,
      claimId: t.claimId,
      termId: REPATRIATION,
      direction: t.direction ?? RU_TO_UA,
      measure: 'bodies',
      quantity: t.quantity,
      scope: t.scope ?? FINAL_PHASE,
      quantityKey: t.quantityKey ?? KEY_RU_UA_FINAL,
      statedAt: t.statedAt ?? STATED,
      sourceId: t.sourceId,
    },
  };
}

/** The two final-phase claims of the article. */
export const UA_1245: TransferSpec = {
  claimId: 'c-ua-1245',
  sourceId: SOURCES.uaHq.sourceId,
  quantity: exact(1245),
};
export const RU_1248: TransferSpec = {
  claimId: 'c-ru-1248',
  sourceId: SOURCES.ruMod.sourceId,
  quantity: exact(1248),
};
