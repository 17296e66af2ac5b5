import { type RecordInference } from './agreement-commands';
import { agreementDecider, sourcesNeededForAgreementCommand } from './agreement-decider';
import { type FigureInferred } from './agreement-events';
import {
  AGREEMENT_ID,
  agreementSigned,
  exact,
  KEY_RU_UA_FINAL,
  NOW,
  REPATRIATION,
  reportTransfer,
  RU_1248,
  RU_TO_UA,
  sourceLookup,
  transferReported,
  UA_1245,
} from '../testing/agreement-fixtures';
import { deciderSpec } from '../testing/given-when-then';

const spec = deciderSpec(agreementDecider, sourceLookup);
const FINAL = { kind: 'phase', phase: 'final' } as const;

function infer(data: Partial<RecordInference['data']> = {}): RecordInference {
  return {
    type: 'RecordInference',
    data: {
      agreementId: AGREEMENT_ID,
      inferenceId: 'inf-final-midpoint',
      termId: REPATRIATION,
      direction: RU_TO_UA,
      measure: 'bodies',
      quantity: { value: 1246, precision: 'about', lower: 1245, upper: 1248 },
      scope: FINAL,
      reason: 'between the two sides’ figures',
      derivedFrom: [UA_1245.claimId, RU_1248.claimId],
      inferredBy: 'desk-editor',
      ...data,
    },
    metadata: { now: NOW },
  };
}

const inferred: FigureInferred = {
  type: 'FigureInferred',
  schemaVersion: 1,
  data: {
    agreementId: AGREEMENT_ID,
    inferenceId: 'inf-final-midpoint',
    termId: REPATRIATION,
    direction: RU_TO_UA,
    measure: 'bodies',
    quantity: { value: 1246, precision: 'about', lower: 1245, upper: 1248 },
    scope: FINAL,
    quantityKey: KEY_RU_UA_FINAL,
    reason: 'between the two sides’ figures',
    derivedFrom: [UA_1245.claimId, RU_1248.claimId],
    inferredBy: 'desk-editor',
    inferredAt: NOW,
  },
};

const both = [agreementSigned, transferReported(UA_1245), transferReported(RU_1248)];

describe('RecordInference', () => {
  it('records the figure with its actor, reason and the claims it was drawn from', () => {
    const state = spec.given(both).when(infer()).then([inferred]);
    expect(state.status === 'signed' && state.claims.has('inf-final-midpoint')).toBe(false);
    expect(state.status === 'signed' && state.inferences.get('inf-final-midpoint')).toEqual({
      inferenceId: 'inf-final-midpoint',
      quantityKey: KEY_RU_UA_FINAL,
      derivedFrom: [UA_1245.claimId, RU_1248.claimId],
    });
    expect(sourcesNeededForAgreementCommand(infer(), state)).toEqual([]);
  });

  it('is never counted as a claim: no dispute, no reconciliation, no source figure on the key', () => {
    const afterInference = [...both, inferred];
    // A third source's figure on the key disputes only the sources' figures, never the inference.
    const third = { claimId: 'c-ewn', sourceId: 'ewn', quantity: exact(1246) };
    const events = agreementDecider.decide(
      reportTransfer(third),
      agreementDecider.fold(agreementDecider.initialState(), afterInference),
      sourceLookup,
    );
    expect(JSON.stringify(events)).not.toContain('inf-final-midpoint');
  });

  it('refuses an id a claim or an inference already has, and a claim id an inference has', () => {
    spec
      .given(both)
      .when(infer({ inferenceId: UA_1245.claimId }))
      .thenThrows('claim_already_exists');
    spec
      .given([...both, inferred])
      .when(infer())
      .thenThrows('claim_already_exists');
    spec
      .given([...both, inferred])
      .when(reportTransfer({ ...UA_1245, claimId: 'inf-final-midpoint' }))
      .thenThrows('claim_already_exists');
  });

  it('refuses no reason, no claims, an unknown or repeated claim, an unknown term or party', () => {
    const given = spec.given(both);
    given.when(infer({ reason: '' })).thenThrows('invalid_text');
    given.when(infer({ derivedFrom: [] })).thenThrows('invalid_command');
    given.when(infer({ derivedFrom: ['nope'] })).thenThrows('claim_not_found');
    given
      .when(infer({ derivedFrom: [UA_1245.claimId, UA_1245.claimId] }))
      .thenThrows('invalid_command');
    given.when(infer({ termId: 'ceasefire' })).thenThrows('term_not_found');
    given
      .when(infer({ direction: { from: 'turkey', to: 'ukraine' } }))
      .thenThrows('party_not_in_agreement');
    given.when(infer({ inferredBy: '' })).thenThrows('invalid_text');
    spec.given([]).when(infer()).thenThrows('agreement_not_found');
  });
});
