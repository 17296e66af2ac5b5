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
    readonly sourceId: string;
    readonly statedAt: string;
    readonly quote?: string;
    readonly link?: string;
  }
>;

export type OfferCommand = MakeOffer | ReviseOffer | AnswerOffer;
