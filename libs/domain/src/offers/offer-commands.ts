import { type Quantity } from '../quantity/quantity';
import { type DomainCommand } from '../shared/messages';
import { type OfferAnswer } from './offer-events';

export type MakeOffer = DomainCommand<
  'MakeOffer',
  {
    readonly offerId: string;
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

export type ReviseOffer = DomainCommand<
  'ReviseOffer',
  {
    readonly offerId: string;
    readonly sourceId: string;
    readonly quantity: Quantity;
    readonly reason: string;
    readonly statedAt: string;
    readonly quote?: string;
    readonly link?: string;
  }
>;

export type AnswerOffer = DomainCommand<
  'AnswerOffer',
  {
    readonly offerId: string;
    readonly answer: OfferAnswer;
    /** A source of the addressed party: the answer's author. */
    readonly sourceId: string;
    /** Who reported the answer on the party's behalf (a relay, a news agency), if not its own source. */
    readonly reportedBy?: string;
    readonly statedAt: string;
    readonly quote?: string;
    readonly link?: string;
  }
>;

export type OfferCommand = MakeOffer | ReviseOffer | AnswerOffer;
