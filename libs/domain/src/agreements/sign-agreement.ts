import { validateQuantity } from '../quantity/quantity';
import { ensure, show } from '../shared/errors';
import { domainEvent } from '../shared/messages';
import { isAfterWithSkew, validateDate } from '../shared/time';
import { isList, requireId, requireName, requireText } from '../shared/validation';
import { type SignAgreement } from './agreement-commands';
import {
  type AgreedQuantity,
  type AgreementSigned,
  type AgreementTerm,
  type Party,
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
  ensure(
    partyIds.includes(agreed.party),
    'party_not_in_agreement',
    `${field}.party ${show(agreed.party)} is not a party to the agreement`,
  );
  return { ...quantity, basis: agreed.basis, party: agreed.party };
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
  const valid: AgreementTerm = {
    termId,
    kind: term.kind,
    description: requireText(`${field}.description`, term.description),
    reciprocity: term.reciprocity,
  };
  if (term.agreedQuantity === undefined) return valid;
  return {
    ...valid,
    agreedQuantity: validateAgreedQuantity(
      `${field}.agreedQuantity`,
      term.agreedQuantity,
      partyIds,
    ),
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
