import { type CorroborateClaim, type RetractClaim, type ReviseClaim } from './agreement-commands';
import { agreementDecider, sourcesNeededForAgreementCommand } from './agreement-decider';
import {
  type AgreementTermCompletionClaimed,
  type ClaimCorroborated,
  type ClaimRetracted,
  type ClaimRevised,
} from './agreement-events';
import { type AgreementState } from './agreement-state';
import {
  AGREEMENT_ID,
  agreementSigned,
  exact,
  KEY_RU_UA_FINAL,
  NOW,
  REPATRIATION,
  SOURCES,
  sourceLookup,
  STATED,
  transferReported,
  UA_1245,
} from '../testing/agreement-fixtures';
import { deciderSpec } from '../testing/given-when-then';

const spec = deciderSpec(agreementDecider, sourceLookup);
const LATER = '2025-06-17T15:00:00.000Z';
const reported = transferReported(UA_1245);

function revise(data: Partial<ReviseClaim['data']> = {}): ReviseClaim {
  const base = {
    agreementId: AGREEMENT_ID,
    claimId: UA_1245.claimId,
    newClaimId: 'c-ua-1248',
    quantity: exact(1248),
    reason: 'the HQ corrected its count',
    statedAt: LATER,
  };
  return { type: 'ReviseClaim', data: { ...base, ...data }, metadata: { now: NOW } };
}

const revised: ClaimRevised = {
  type: 'ClaimRevised',
  schemaVersion: 1,
  data: {
    agreementId: AGREEMENT_ID,
    claimId: UA_1245.claimId,
    supersededBy: 'c-ua-1248',
    sourceId: SOURCES.uaHq.sourceId,
    quantityKey: KEY_RU_UA_FINAL,
    previousQuantity: exact(1245),
    quantity: exact(1248),
    reason: 'the HQ corrected its count',
    statedAt: LATER,
  },
};

function retract(data: Partial<RetractClaim['data']> = {}): RetractClaim {
  return {
    type: 'RetractClaim',
    data: {
      agreementId: AGREEMENT_ID,
      claimId: UA_1245.claimId,
      reason: 'entered from the wrong statement',
      ...data,
    },
    metadata: { now: NOW },
  };
}

const retracted: ClaimRetracted = {
  type: 'ClaimRetracted',
  schemaVersion: 1,
  data: {
    agreementId: AGREEMENT_ID,
    claimId: UA_1245.claimId,
    reason: 'entered from the wrong statement',
  },
};

const completion: AgreementTermCompletionClaimed = {
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

function claimOf(state: AgreementState, claimId: string) {
  return state.status === 'signed' ? state.claims.get(claimId) : undefined;
}

describe('ReviseClaim', () => {
  it('supersedes the claim with a new live claim of the same source and key', () => {
    const state = spec.given([agreementSigned, reported]).when(revise()).then([revised]);
    expect(claimOf(state, UA_1245.claimId)).toMatchObject({
      status: 'superseded',
      supersededBy: 'c-ua-1248',
      quantity: exact(1245),
    });
    expect(claimOf(state, 'c-ua-1248')).toMatchObject({
      status: 'live',
      supersedes: UA_1245.claimId,
      sourceId: SOURCES.uaHq.sourceId,
      quantityKey: KEY_RU_UA_FINAL,
    });
  });

  it('keeps the quote of the correction', () => {
    spec
      .given([agreementSigned, reported])
      .when(revise({ quote: 'corrected: 1,248' }))
      .then([{ ...revised, data: { ...revised.data, quote: 'corrected: 1,248' } }]);
  });

  it('refuses to revise on an unsigned agreement or an unknown claim', () => {
    spec.given([]).when(revise()).thenThrows('agreement_not_found');
    spec.given([agreementSigned]).when(revise()).thenThrows('claim_not_found');
  });

  it('refuses to revise a retracted claim', () => {
    spec.given([agreementSigned, reported, retracted]).when(revise()).thenThrows('claim_retracted');
  });

  it('refuses to revise a superseded claim: the live successor is revised instead', () => {
    spec
      .given([agreementSigned, reported, revised])
      .when(revise({ newClaimId: 'c-ua-1250', quantity: exact(1250) }))
      .thenThrows('claim_superseded');
  });

  it('refuses to revise a claim that carries no quantity', () => {
    spec
      .given([agreementSigned, completion])
      .when(revise({ claimId: 'c-ua-completed' }))
      .thenThrows('claim_not_a_quantity');
  });

  it('refuses a new claim id already in use', () => {
    spec
      .given([agreementSigned, reported])
      .when(revise({ newClaimId: UA_1245.claimId }))
      .thenThrows('claim_already_exists');
  });

  it('refuses revising to the very same quantity', () => {
    spec
      .given([agreementSigned, reported])
      .when(revise({ quantity: exact(1245) }))
      .thenThrows('claim_unchanged');
  });

  it('accepts the same value with another precision as a real change', () => {
    const about = { value: 1245, precision: 'about' as const };
    spec
      .given([agreementSigned, reported])
      .when(revise({ quantity: about }))
      .then([{ ...revised, data: { ...revised.data, quantity: about } }]);
  });

  it('refuses an invalid quantity, an empty reason, a future or an earlier statement', () => {
    spec
      .given([agreementSigned, reported])
      .when(revise({ quantity: exact(-1) }))
      .thenThrows('invalid_quantity');
    spec
      .given([agreementSigned, reported])
      .when(revise({ reason: '' }))
      .thenThrows('invalid_text');
    spec
      .given([agreementSigned, reported])
      .when(revise({ statedAt: '2025-06-19T00:00:00Z' }))
      .thenThrows('statement_in_future');
    spec
      .given([agreementSigned, reported])
      .when(revise({ statedAt: '2025-06-16T00:00:00Z' }))
      .thenThrows('statement_before_claim');
  });
});

describe("ReviseClaim reported on the claimant's behalf (reportedBy)", () => {
  it('records the reporter: a news agency, an affiliate of the claimant or a relay', () => {
    for (const reporter of [SOURCES.ewn, SOURCES.umerov, SOURCES.aj]) {
      spec
        .given([agreementSigned, reported])
        .when(revise({ reportedBy: reporter.sourceId }))
        .then([{ ...revised, data: { ...revised.data, reportedBy: reporter.sourceId } }]);
    }
  });

  it('loads the reporter and the claimant as context', () => {
    const state = agreementDecider.fold(agreementDecider.initialState(), [
      agreementSigned,
      reported,
    ]);
    expect(sourcesNeededForAgreementCommand(revise({ reportedBy: 'ewn' }), state)).toEqual([
      'ewn',
      SOURCES.uaHq.sourceId,
    ]);
    expect(sourcesNeededForAgreementCommand(revise(), state)).toEqual([]);
  });

  it('refuses a reporter that speaks for another party, an unknown one, or the claimant itself', () => {
    const given = spec.given([agreementSigned, reported]);
    given
      .when(revise({ reportedBy: SOURCES.ruMod.sourceId }))
      .thenThrows('reporter_speaks_for_other_party');
    given
      .when(revise({ reportedBy: SOURCES.turkey.sourceId }))
      .thenThrows('reporter_speaks_for_other_party');
    given.when(revise({ reportedBy: 'nobody' })).thenThrows('source_not_registered');
    given.when(revise({ reportedBy: SOURCES.uaHq.sourceId })).thenThrows('invalid_source');
  });
});

describe('RetractClaim', () => {
  it('retracts a live claim, which stays in history', () => {
    const state = spec.given([agreementSigned, reported]).when(retract()).then([retracted]);
    expect(claimOf(state, UA_1245.claimId)).toMatchObject({
      status: 'retracted',
      quantity: exact(1245),
    });
  });

  it('records when the source retracted it, and retracts any kind of claim', () => {
    spec
      .given([agreementSigned, completion])
      .when(retract({ claimId: 'c-ua-completed', statedAt: '2025-06-17T18:00:00+03:00' }))
      .then([
        {
          type: 'ClaimRetracted',
          schemaVersion: 1,
          data: {
            agreementId: AGREEMENT_ID,
            claimId: 'c-ua-completed',
            reason: 'entered from the wrong statement',
            statedAt: LATER,
          },
        },
      ]);
  });

  it('refuses to retract on an unsigned agreement, an unknown claim, a retracted or a superseded claim', () => {
    spec.given([]).when(retract()).thenThrows('agreement_not_found');
    spec.given([agreementSigned]).when(retract()).thenThrows('claim_not_found');
    spec
      .given([agreementSigned, reported, retracted])
      .when(retract())
      .thenThrows('claim_retracted');
    spec.given([agreementSigned, reported, revised]).when(retract()).thenThrows('claim_superseded');
  });

  it('refuses an empty reason, a future statement, and a retraction before the claim', () => {
    spec
      .given([agreementSigned, reported])
      .when(retract({ reason: ' ' }))
      .thenThrows('invalid_text');
    spec
      .given([agreementSigned, reported])
      .when(retract({ statedAt: '2025-06-19T00:00:00Z' }))
      .thenThrows('statement_in_future');
    spec
      .given([agreementSigned, reported])
      .when(retract({ statedAt: '2025-06-16T00:00:00Z' }))
      .thenThrows('statement_before_claim');
  });
});

function corroborate(data: Partial<CorroborateClaim['data']> = {}): CorroborateClaim {
  const base = {
    agreementId: AGREEMENT_ID,
    claimId: UA_1245.claimId,
    sourceId: SOURCES.icrc.sourceId,
    statedAt: LATER,
  };
  return { type: 'CorroborateClaim', data: { ...base, ...data }, metadata: { now: NOW } };
}

function corroborated(
  sourceId: string,
  independence: ClaimCorroborated['data']['independence'],
  claimId = UA_1245.claimId,
): ClaimCorroborated {
  return {
    type: 'ClaimCorroborated',
    schemaVersion: 1,
    data: { agreementId: AGREEMENT_ID, claimId, sourceId, independence, statedAt: LATER },
  };
}

describe('CorroborateClaim', () => {
  it('records an independent corroboration by a neutral source', () => {
    const state = spec
      .given([agreementSigned, reported])
      .when(corroborate())
      .then([corroborated(SOURCES.icrc.sourceId, 'independent')]);
    expect(claimOf(state, UA_1245.claimId)?.corroborations).toEqual([
      { sourceId: 'icrc', independence: 'independent' },
    ]);
  });

  it('records a news agency passing the claim on as a relay', () => {
    spec
      .given([agreementSigned, reported])
      .when(corroborate({ sourceId: SOURCES.ewn.sourceId, independence: 'relay' }))
      .then([corroborated('ewn', 'relay')]);
  });

  it('derives relay for a source registered as a relay, and affiliated for the claimant’s own party', () => {
    spec
      .given([agreementSigned, reported])
      .when(corroborate({ sourceId: SOURCES.aj.sourceId }))
      .then([corroborated('ajtechnicaldr', 'relay')]);
    spec
      .given([agreementSigned, reported])
      .when(corroborate({ sourceId: SOURCES.umerov.sourceId }))
      .then([corroborated('rustem-umerov', 'affiliated')]);
  });

  it('corroborates completion claims too, and keeps the link', () => {
    const command = corroborate({
      claimId: 'c-ua-completed',
      sourceId: SOURCES.ewn.sourceId,
      independence: 'relay',
      link: 'https://ewn.co.za/',
    });
    const expected = corroborated('ewn', 'relay', 'c-ua-completed');
    spec
      .given([agreementSigned, completion])
      .when(command)
      .then([{ ...expected, data: { ...expected.data, link: 'https://ewn.co.za/' } }]);
  });

  it('refuses a relay or an affiliated source presented as independent', () => {
    spec
      .given([agreementSigned, reported])
      .when(corroborate({ sourceId: SOURCES.aj.sourceId, independence: 'independent' }))
      .thenThrows('relay_not_independent');
    spec
      .given([agreementSigned, reported])
      .when(corroborate({ sourceId: SOURCES.umerov.sourceId, independence: 'independent' }))
      .thenThrows('affiliated_not_independent');
  });

  it('refuses any corroboration dated before the claim, relayed or independent', () => {
    const early = '2025-06-17T08:00:00.000Z';
    spec
      .given([agreementSigned, reported])
      .when(corroborate({ sourceId: SOURCES.ewn.sourceId, independence: 'relay', statedAt: early }))
      .thenThrows('corroboration_before_claim');
    spec
      .given([agreementSigned, reported])
      .when(corroborate({ statedAt: early }))
      .thenThrows('corroboration_before_claim');
  });

  it('refuses a source that holds a live contradicting figure on the same key', () => {
    const icrcOwn = transferReported({
      claimId: 'c-icrc-1300',
      sourceId: SOURCES.icrc.sourceId,
      quantity: exact(1300),
    });
    spec
      .given([agreementSigned, reported, icrcOwn])
      .when(corroborate())
      .thenThrows('corroborator_contradicts_claim');
  });

  it('accepts a source whose own figure on the key is consistent with the claim', () => {
    const icrcBound = transferReported({
      claimId: 'c-icrc-over-1200',
      sourceId: SOURCES.icrc.sourceId,
      quantity: { value: 1200, precision: 'at_least' },
    });
    spec
      .given([agreementSigned, reported, icrcBound])
      .when(corroborate())
      .then([corroborated('icrc', 'independent')]);
  });

  it('refuses a relay of the claimant, and the source a relaying claimant repeats', () => {
    const byEwn = transferReported({ claimId: 'c-ewn', sourceId: 'ewn', quantity: exact(1245) });
    const byAj = transferReported({
      claimId: 'c-aj',
      sourceId: 'ajtechnicaldr',
      quantity: exact(1245),
    });
    spec
      .given([agreementSigned, byEwn])
      .when(corroborate({ claimId: 'c-ewn', sourceId: SOURCES.aj.sourceId }))
      .thenThrows('relay_of_claimant');
    spec
      .given([agreementSigned, byAj])
      .when(corroborate({ claimId: 'c-aj', sourceId: SOURCES.ewn.sourceId }))
      .thenThrows('relay_of_claimant');
  });

  it('refuses a source corroborating its own claim', () => {
    spec
      .given([agreementSigned, reported])
      .when(corroborate({ sourceId: SOURCES.uaHq.sourceId }))
      .thenThrows('self_corroboration');
  });

  it('refuses a second corroboration by the same source', () => {
    spec
      .given([agreementSigned, reported, corroborated('icrc', 'independent')])
      .when(corroborate())
      .thenThrows('already_corroborated');
  });

  it('refuses to corroborate a retracted or superseded claim', () => {
    spec
      .given([agreementSigned, reported, retracted])
      .when(corroborate())
      .thenThrows('claim_retracted');
    spec
      .given([agreementSigned, reported, revised])
      .when(corroborate())
      .thenThrows('claim_superseded');
  });

  it('refuses an unsigned agreement, an unknown claim, an unknown source, an unknown independence, a future statement', () => {
    spec.given([]).when(corroborate()).thenThrows('agreement_not_found');
    spec.given([agreementSigned]).when(corroborate()).thenThrows('claim_not_found');
    spec
      .given([agreementSigned, reported])
      .when(corroborate({ sourceId: 'nobody' }))
      .thenThrows('source_not_registered');
    spec
      .given([agreementSigned, reported])
      .when(corroborate({ independence: 'partial' as never }))
      .thenThrows('invalid_source');
    spec
      .given([agreementSigned, reported])
      .when(corroborate({ statedAt: '2025-06-19T00:00:00Z' }))
      .thenThrows('statement_in_future');
  });

  it('asks the handler for both the corroborating source and the claimant', () => {
    const state = [agreementSigned, reported].reduce(
      agreementDecider.evolve,
      agreementDecider.initialState(),
    );
    expect(sourcesNeededForAgreementCommand(corroborate(), state)).toEqual([
      'icrc',
      'ua-coordination-hq',
    ]);
  });
});
