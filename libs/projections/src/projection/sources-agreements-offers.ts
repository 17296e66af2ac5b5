import {
  type AgreementSigned,
  type JsonValue,
  type OfferAnswered,
  type OfferMade,
  type OfferRevised,
  type ScopesLinked,
  type SourceRegistered,
} from '@ledger/domain';
import { put, type ReadAccess, type RowChange } from '../read-model/row';
import { AGREEMENTS, OFFERS, type OfferRow, SOURCES } from '../read-model/tables';
import { type ProjectedEvent } from './projected-event';

/** The simple read models: registered sources, signed agreements, offers and their state. */

export function projectSourceRegistered({
  event,
  position,
  recordedAt,
}: ProjectedEvent<SourceRegistered>): RowChange[] {
  const d = event.data;
  return [
    put(SOURCES, {
      source_id: d.sourceId,
      name: d.name,
      kind: d.kind,
      affiliation: d.affiliation ?? null,
      channel: d.channel ?? null,
      relay_of: d.relayOf ?? null,
      registered_position: position,
      registered_at: recordedAt,
    }),
  ];
}

export function projectAgreementSigned({
  event,
  position,
  recordedAt,
}: ProjectedEvent<AgreementSigned>): RowChange[] {
  const d = event.data;
  return [
    put(AGREEMENTS, {
      agreement_id: d.agreementId,
      title: d.title,
      venue: d.venue,
      signed_on: d.signedOn,
      parties: d.parties as unknown as JsonValue,
      mediators: d.mediators as unknown as JsonValue,
      terms: d.terms as unknown as JsonValue,
      scope_links: [],
      signed_position: position,
      signed_at: recordedAt,
    }),
  ];
}

/** A scope link as the agreement's read model keeps it: the event's data, who linked, and when. */
export function projectScopesLinked(
  { event, position, recordedAt, actor }: ProjectedEvent<ScopesLinked>,
  read: ReadAccess,
): RowChange[] {
  const { agreementId, claimIds: _claims, ...link } = event.data;
  void _claims;
  const agreement = read.get(AGREEMENTS, { agreement_id: agreementId });
  if (agreement === undefined) return [];
  const entry = {
    ...link,
    linkedBy: actor,
    linked: { position: position.toString(), recordedAt },
  } as unknown as JsonValue;
  const links = Array.isArray(agreement.scope_links) ? agreement.scope_links : [];
  return [put(AGREEMENTS, { ...agreement, scope_links: [...links, entry] })];
}

export function projectOfferMade({
  event,
  position,
  recordedAt,
}: ProjectedEvent<OfferMade>): RowChange[] {
  const d = event.data;
  return [
    put(OFFERS, {
      offer_id: d.offerId,
      agreement_id: d.agreementId ?? null,
      by_party: d.by,
      to_party: d.to,
      source_id: d.sourceId,
      measure: d.measure,
      quantity: d.quantity as unknown as JsonValue,
      beyond_agreement: d.beyondAgreement ? 1 : 0,
      status: 'pending',
      stated_at: d.statedAt,
      quote: d.quote ?? null,
      link: d.link ?? null,
      revisions: [],
      answer: null,
      made_position: position,
      made_at: recordedAt,
      changed_position: position,
      changed_at: recordedAt,
    }),
  ];
}

export function projectOfferRevised(
  { event, position, recordedAt }: ProjectedEvent<OfferRevised>,
  read: ReadAccess,
): RowChange[] {
  const d = event.data;
  const offer = read.get(OFFERS, { offer_id: d.offerId });
  if (offer === undefined) return [];
  const revision = {
    sourceId: d.sourceId,
    previousQuantity: d.previousQuantity,
    quantity: d.quantity,
    reason: d.reason,
    statedAt: d.statedAt,
    position: position.toString(),
  };
  const revisions = [...(offer.revisions as JsonValue[]), revision as unknown as JsonValue];
  return [
    put(OFFERS, {
      ...offer,
      quantity: d.quantity as unknown as JsonValue,
      // stated_at stays the date the offer was first made; each revision keeps its own statedAt.
      revisions,
      changed_position: position,
      changed_at: recordedAt,
    } satisfies OfferRow),
  ];
}

export function projectOfferAnswered(
  { event, position, recordedAt }: ProjectedEvent<OfferAnswered>,
  read: ReadAccess,
): RowChange[] {
  const d = event.data;
  const offer = read.get(OFFERS, { offer_id: d.offerId });
  if (offer === undefined) return [];
  const answer = {
    answer: d.answer,
    sourceId: d.sourceId,
    reportedBy: d.reportedBy ?? null,
    statedAt: d.statedAt,
    quote: d.quote ?? null,
    link: d.link ?? null,
  };
  return [
    put(OFFERS, {
      ...offer,
      status: d.answer,
      answer,
      changed_position: position,
      changed_at: recordedAt,
    }),
  ];
}
