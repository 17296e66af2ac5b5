import { validateQuantity, sameQuantity, type Quantity } from '../quantity/quantity';
import { DomainError, ensure, show } from '../shared/errors';
import { assertNever, type Decider, domainEvent, foldWith } from '../shared/messages';
import { offerStreamFor } from '../shared/streams';
import {
  requireCommand,
  requireId,
  requireText,
  sourcing,
  withOptional,
} from '../shared/validation';
import { type RegisteredSource, requireSource, type SourceLookup } from '../sources/source-decider';
import { requireStatedAt } from '../agreements/agreement-guards';
import { type AgreementState } from '../agreements/agreement-state';
import {
  type AnswerOffer,
  type MakeOffer,
  type OfferCommand,
  type ReviseOffer,
} from './offer-commands';
import {
  OFFER_ANSWERS,
  type OfferAnswer,
  type OfferAnswered,
  type OfferEvent,
  type OfferMade,
  type OfferRevised,
} from './offer-events';

export interface OfferMadeState {
  readonly status: 'pending' | OfferAnswer;
  readonly offerId: string;
  readonly agreementId?: string;
  readonly by: string;
  readonly to: string;
  readonly measure: string;
  readonly quantity: Quantity;
  readonly beyondAgreement: boolean;
  /** When the offer was first made: revisions keep their own dates, never this one. */
  readonly madeAt: string;
  /** When the offer was last stated (made or revised): later statements about it cannot precede this. */
  readonly statedAt: string;
}

export type OfferState = { readonly status: 'none' } | OfferMadeState;

/** Cross-aggregate facts: sources by id, and the agreement an offer refers to (by agreementId), if any. */
export interface OfferContext extends SourceLookup {
  readonly agreements: ReadonlyMap<string, AgreementState>;
}

function requireParties(
  data: MakeOffer['data'],
  context: OfferContext,
): { by: string; to: string } {
  const by = requireId('by', data.by);
  const to = requireId('to', data.to);
  ensure(by !== to, 'invalid_direction', 'an offer is made by one party to another');
  if (data.agreementId === undefined) return { by, to };
  const agreement = context.agreements.get(data.agreementId);
  if (agreement?.status !== 'signed')
    throw new DomainError(
      'agreement_not_found',
      `agreement ${show(data.agreementId)} has not been signed`,
    );
  for (const party of [by, to]) {
    ensure(
      agreement.parties.some((p) => p.id === party),
      'party_not_in_agreement',
      `${party} is not a party to agreement ${show(data.agreementId)}`,
    );
  }
  return { by, to };
}

function makeOffer(command: MakeOffer, state: OfferState, context: OfferContext): OfferMade[] {
  const { data } = command;
  const offerId = requireId('offerId', data.offerId);
  ensure(state.status === 'none', 'offer_already_made', `offer ${offerId} was already made`);
  const { by, to } = requireParties(data, context);
  ensure(
    typeof data.beyondAgreement === 'boolean',
    'invalid_terms',
    'beyondAgreement must be true or false',
  );
  ensure(
    !data.beyondAgreement || data.agreementId !== undefined,
    'invalid_terms',
    'an offer beyond an agreement must name the agreement',
  );
  const { sourceId } = requireSource(context, data.sourceId);
  const measure = requireId('measure', data.measure);
  const quantity = validateQuantity('quantity', data.quantity);
  const statedAt = requireStatedAt(data.statedAt, command.metadata.now);
  const base = withOptional({ offerId }, 'agreementId', data.agreementId);
  return [
    domainEvent('OfferMade', {
      ...base,
      by,
      to,
      sourceId,
      measure,
      quantity,
      beyondAgreement: data.beyondAgreement,
      statedAt,
      ...sourcing(data),
    }),
  ];
}

function requirePending(state: OfferState, offerId: string): OfferMadeState {
  if (state.status === 'none')
    throw new DomainError('offer_not_found', `offer ${offerId} was never made`);
  ensure(
    state.status === 'pending',
    'offer_already_answered',
    `offer ${offerId} was already ${state.status}`,
  );
  return state;
}

function requireLaterStatement(statedAt: string, offer: OfferMadeState): void {
  ensure(
    statedAt >= offer.statedAt,
    'statement_before_claim',
    `this statement (${statedAt}) cannot precede the offer's last statement (${offer.statedAt})`,
  );
}

/** Only a party's own sources speak for it: a source affiliated with `party`. */
function requirePartySource(
  context: OfferContext,
  sourceId: string,
  party: string,
  code: 'not_offering_party' | 'not_addressed_party',
): RegisteredSource {
  const source = requireSource(context, sourceId);
  ensure(
    source.affiliation === party,
    code,
    `${source.sourceId} does not speak for ${party}` +
      (code === 'not_offering_party'
        ? ': only the offering party revises its offer'
        : ': only the addressed party answers; a relay reports the answer with reportedBy'),
  );
  return source;
}

function reviseOffer(
  command: ReviseOffer,
  state: OfferState,
  context: OfferContext,
): OfferRevised[] {
  const { data } = command;
  const offer = requirePending(state, data.offerId);
  const { sourceId } = requirePartySource(context, data.sourceId, offer.by, 'not_offering_party');
  const quantity = validateQuantity('quantity', data.quantity);
  ensure(
    !sameQuantity(quantity, offer.quantity),
    'offer_unchanged',
    `offer ${offer.offerId} already stands at this quantity`,
  );
  const reason = requireText('reason', data.reason);
  const statedAt = requireStatedAt(data.statedAt, command.metadata.now);
  requireLaterStatement(statedAt, offer);
  return [
    domainEvent('OfferRevised', {
      offerId: offer.offerId,
      sourceId,
      previousQuantity: offer.quantity,
      quantity,
      reason,
      statedAt,
      ...sourcing(data),
    }),
  ];
}

function answerOffer(
  command: AnswerOffer,
  state: OfferState,
  context: OfferContext,
): OfferAnswered[] {
  const { data } = command;
  const offer = requirePending(state, data.offerId);
  ensure(
    OFFER_ANSWERS.includes(data.answer),
    'invalid_status',
    `answer must be one of ${OFFER_ANSWERS.join(', ')}`,
  );
  const { sourceId } = requirePartySource(context, data.sourceId, offer.to, 'not_addressed_party');
  const reportedBy =
    data.reportedBy === undefined
      ? undefined
      : requireSource(context, data.reportedBy, 'reportedBy').sourceId;
  ensure(reportedBy !== sourceId, 'invalid_source', 'reportedBy is the answering source itself');
  const statedAt = requireStatedAt(data.statedAt, command.metadata.now);
  requireLaterStatement(statedAt, offer);
  const answer = { offerId: offer.offerId, answer: data.answer, sourceId };
  return [
    domainEvent('OfferAnswered', {
      ...withOptional(answer, 'reportedBy', reportedBy),
      statedAt,
      ...sourcing(data),
    }),
  ];
}

function decide(command: OfferCommand, state: OfferState, context: OfferContext): OfferEvent[] {
  requireCommand(command);
  switch (command.type) {
    case 'MakeOffer':
      return makeOffer(command, state, context);
    case 'ReviseOffer':
      return reviseOffer(command, state, context);
    case 'AnswerOffer':
      return answerOffer(command, state, context);
    default:
      return assertNever(command, 'offer command');
  }
}

function evolve(state: OfferState, event: OfferEvent): OfferState {
  switch (event.type) {
    case 'OfferMade': {
      const { offerId, by, to, measure, quantity, beyondAgreement, statedAt, agreementId } =
        event.data;
      return withOptional(
        {
          status: 'pending' as const,
          offerId,
          by,
          to,
          measure,
          quantity,
          beyondAgreement,
          madeAt: statedAt,
          statedAt,
        },
        'agreementId',
        agreementId,
      );
    }
    case 'OfferRevised':
      return state.status === 'none'
        ? state
        : { ...state, quantity: event.data.quantity, statedAt: event.data.statedAt };
    case 'OfferAnswered':
      return state.status === 'none'
        ? state
        : { ...state, status: event.data.answer, statedAt: event.data.statedAt };
    default:
      return assertNever(event, 'offer event');
  }
}

/** The sources and agreement a handler must load into the context before deciding `command`. */
export function referencesOfOfferCommand(command: OfferCommand): {
  sourceIds: string[];
  agreementIds: string[];
} {
  requireCommand(command);
  const agreementIds =
    command.type === 'MakeOffer' && command.data.agreementId !== undefined
      ? [command.data.agreementId]
      : [];
  const reporters =
    command.type === 'AnswerOffer' && command.data.reportedBy !== undefined
      ? [command.data.reportedBy]
      : [];
  return { sourceIds: [command.data.sourceId, ...reporters], agreementIds };
}

export const offerDecider: Decider<OfferCommand, OfferEvent, OfferState, OfferContext> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  fold: foldWith(evolve),
  decide,
  streamFor: (command) => offerStreamFor(requireCommand(command).data.offerId),
  streamExpectation: (command) =>
    requireCommand(command).type === 'MakeOffer' ? 'new' : 'existing',
};
