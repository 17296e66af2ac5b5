import { IsSlug } from './request-fields';

/** Route parameters, validated like body fields (a malformed id is a 400 naming the parameter). */
export class AgreementPath {
  @IsSlug() agreementId!: string;
}

export class ClaimPath extends AgreementPath {
  @IsSlug() claimId!: string;
}

export class DisputePath extends AgreementPath {
  @IsSlug() disputeId!: string;
}

export class OfferPath {
  @IsSlug() offerId!: string;
}
