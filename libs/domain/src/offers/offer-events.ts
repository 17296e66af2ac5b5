import { type Quantity } from '../quantity/quantity';
import { type DomainEvent } from '../shared/messages';

/** An offer to hand something over, e.g. Russia's 2,239 more bodies "beyond the agreement". */
export type OfferMade = DomainEvent<
  'OfferMade',
  {
    readonly offerId: string;
    /** The agreement the offer relates to, if any (also when it goes beyond it). */
    readonly agreementId?: string;
    readonly by: string;
    readonly to: string;
    readonly sourceId: string;
    readonly measure: string;
    readonly quantity: Quantity;
    readonly beyondAgreement: boolean;
    readonly statedAt: string;
    readonly quote?: string;
    readonly link?: string;
  }
>;

export type OfferRevised = DomainEvent<
  'OfferRevised',
  {
    readonly offerId: string;
    readonly sourceId: string;
    readonly previousQuantity: Quantity;
    readonly quantity: Quantity;
    readonly reason: string;
    readonly statedAt: string;
    readonly quote?: string;
    readonly link?: string;
  }
>;

export const OFFER_ANSWERS = ['accepted', 'declined', 'countered'] as const;
export type OfferAnswer = (typeof OFFER_ANSWERS)[number];

export type OfferAnswered = DomainEvent<
  'OfferAnswered',
  {
    readonly offerId: string;
    readonly answer: OfferAnswer;
    /** The addressed party's source that gave the answer. */
    readonly sourceId: string;
    /** The source that reported the answer on the party's behalf, when not the party's own. */
    readonly reportedBy?: string;
    readonly statedAt: string;
    readonly quote?: string;
    readonly link?: string;
  }
>;

export type OfferEvent = OfferMade | OfferRevised | OfferAnswered;
