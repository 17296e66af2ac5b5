import { validateQuantity } from '../quantity/quantity';
import { ensure, show } from '../shared/errors';
import { domainEvent } from '../shared/messages';
import { isAfterWithSkew, validateDate } from '../shared/time';
import { isList, requireId, requireName, requireText } from '../shared/validation';
import { type SignAgreement } from './agreement-commands';
import {
  type AgreedQuantity,
  type AgreedRatio,
  type AgreementSigned,
  type AgreementTerm,
  type Party,
  type PartyAgreedQuantity,
  RECIPROCITIES,
  TERM_KINDS,
} from './agreement-events';
import { requireNow } from './agreement-guards';
import { type AgreementState } from './agreement-state';

function validateParties(field: string, parties: readonly Party[], minimum: number): Party[] {
  ensure(
    isList(parties) && parties.length >= minimum,
    'invalid_parties',
    `${field} must list at least ${minimum} part${minimum === 1 ? 'y' : 'ies'}`,
  );
  ensure(
    parties.every((p) => typeof p === 'object' && p !== null),
    'invalid_parties',
    `${field} must list objects with id and name`,
  );
  const valid = parties.map((p, i) => ({
    id: requireId(`${field}[${i}].id`, p.id),
    name: requireName(`${field}[${i}].name`, p.name),
  }));
  ensure(
    new Set(valid.map((p) => p.id)).size === valid.length,
    'invalid_parties',
    `${field} lists a party twice`,
  );
  return valid;
}

function requirePartyOf(field: string, party: unknown, partyIds: readonly string[]): string {
  ensure(typeof party === 'string', 'invalid_terms', `${field} must name a party`);
  ensure(
    partyIds.includes(party),
    'party_not_in_agreement',
    `${field} ${show(party)} is not a party to the agreement`,
  );
  return party;
}

function validateAgreedQuantity(
  field: string,
  agreed: AgreedQuantity,
  partyIds: readonly string[],
): AgreedQuantity {
  const quantity = validateQuantity(field, agreed);
  ensure(
    agreed.basis === 'total' || agreed.basis === 'per_party',
    'invalid_terms',
    `${field}.basis must be 'total' or 'per_party'`,
  );
  if (agreed.party === undefined) return { ...quantity, basis: agreed.basis };
  return {
    ...quantity,
    basis: agreed.basis,
    party: requirePartyOf(`${field}.party`, agreed.party, partyIds),
  };
}

/** One bound per releasing party; a party named twice leaves the term ambiguous. */
function validatePerParty(
  field: string,
  bounds: readonly PartyAgreedQuantity[],
  partyIds: readonly string[],
): PartyAgreedQuantity[] {
  ensure(
    isList(bounds) && bounds.length > 0,
    'invalid_terms',
    `${field} must list at least one bound`,
  );
  const valid = bounds.map((b, i) => ({
    ...validateQuantity(`${field}[${i}]`, b),
    party: requirePartyOf(`${field}[${i}].party`, b.party, partyIds),
  }));
  const twice = valid.find((b, i) => valid.findIndex((o) => o.party === b.party) !== i);
  ensure(
    twice === undefined,
    'ambiguous_term',
    `${field} gives party ${show(twice?.party)} two bounds`,
  );
  return valid;
}

function requireRatioPart(field: string, n: unknown): number {
  ensure(
    typeof n === 'number' && Number.isSafeInteger(n) && n >= 1,
    'invalid_terms',
    `${field} must be a whole number of at least 1, got ${JSON.stringify(n)}`,
  );
  return n;
}

/** "K released for each M received": two different parties of the agreement, whole counts ≥ 1. */
function validateRatio(
  field: string,
  ratio: AgreedRatio,
  partyIds: readonly string[],
): AgreedRatio {
  ensure(
    typeof ratio === 'object' && ratio !== null,
    'invalid_terms',
    `${field} must be an object`,
  );
  const party = requirePartyOf(`${field}.party`, ratio.party, partyIds);
  const counterparty = requirePartyOf(`${field}.counterparty`, ratio.counterparty, partyIds);
  ensure(
    party !== counterparty,
    'ambiguous_term',
    `${field} must be between two different parties, got ${show(party)} twice`,
  );
  return {
    party,
    releases: requireRatioPart(`${field}.releases`, ratio.releases),
    counterparty,
    receives: requireRatioPart(`${field}.receives`, ratio.receives),
  };
}

/** The term's agreed figures: one agreed quantity, or a bound per party (never both), and a ratio. */
function validateAgreed(
  field: string,
  term: AgreementTerm,
  partyIds: readonly string[],
): Pick<AgreementTerm, 'agreedQuantity' | 'agreedPerParty' | 'agreedRatio'> {
  ensure(
    term.agreedQuantity === undefined || term.agreedPerParty === undefined,
    'ambiguous_term',
    `${field} gives both agreedQuantity and agreedPerParty: give one`,
  );
  const agreed: {
    agreedQuantity?: AgreedQuantity;
    agreedPerParty?: PartyAgreedQuantity[];
    agreedRatio?: AgreedRatio;
  } = {};
  const at = (key: string): string => `${field}.${key}`;
  if (term.agreedQuantity !== undefined)
    agreed.agreedQuantity = validateAgreedQuantity(
      at('agreedQuantity'),
      term.agreedQuantity,
      partyIds,
    );
  if (term.agreedPerParty !== undefined)
    agreed.agreedPerParty = validatePerParty(at('agreedPerParty'), term.agreedPerParty, partyIds);
  if (term.agreedRatio !== undefined)
    agreed.agreedRatio = validateRatio(at('agreedRatio'), term.agreedRatio, partyIds);
  return agreed;
}

function validateTerm(term: AgreementTerm, i: number, partyIds: readonly string[]): AgreementTerm {
  const field = `terms[${i}]`;
  ensure(typeof term === 'object' && term !== null, 'invalid_terms', `${field} must be an object`);
  const termId = requireId(`${field}.termId`, term.termId);
  ensure(
    TERM_KINDS.includes(term.kind),
    'invalid_terms',
    `${field}.kind must be one of ${TERM_KINDS.join(', ')}`,
  );
  ensure(
    RECIPROCITIES.includes(term.reciprocity),
    'invalid_terms',
    `${field}.reciprocity must be one of ${RECIPROCITIES.join(', ')}`,
  );
  return {
    termId,
    kind: term.kind,
    description: requireText(`${field}.description`, term.description),
    ...validateAgreed(field, term, partyIds),
    reciprocity: term.reciprocity,
  };
}

export function signAgreement(command: SignAgreement, state: AgreementState): AgreementSigned[] {
  const { data } = command;
  const agreementId = requireId('agreementId', data.agreementId);
  ensure(
    state.status === 'not_signed',
    'agreement_already_signed',
    `agreement ${agreementId} is already signed`,
  );
  const now = requireNow(command.metadata.now);
  const signedOn = validateDate('signedOn', data.signedOn);
  ensure(
    !isAfterWithSkew(signedOn, now),
    'date_in_future',
    `signedOn ${signedOn} is later than now (${now})`,
  );
  const parties = validateParties('parties', data.parties, 2);
  const mediators = validateParties('mediators', data.mediators, 0);
  ensure(
    !mediators.some((m) => parties.some((p) => p.id === m.id)),
    'invalid_parties',
    'a mediator cannot also be a party',
  );
  ensure(
    isList(data.terms) && data.terms.length > 0,
    'invalid_terms',
    'an agreement has at least one term',
  );
  const terms = data.terms.map((t, i) =>
    validateTerm(
      t,
      i,
      parties.map((p) => p.id),
    ),
  );
  ensure(
    new Set(terms.map((t) => t.termId)).size === terms.length,
    'invalid_terms',
    'terms list a termId twice',
  );
  return [
    domainEvent('AgreementSigned', {
      agreementId,
      title: requireName('title', data.title),
      venue: requireName('venue', data.venue),
      signedOn,
      parties,
      mediators,
      terms,
    }),
  ];
}
