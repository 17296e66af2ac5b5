import { Module, type Type } from '@nestjs/common';
import type { CommandType } from '@ledger/domain';
import { CqrsModule } from '@nestjs/cqrs';
import { RegisterSourceHandler } from './register-source/register-source.command';
import { RegisterSourceController } from './register-source/register-source.controller';
import { SignAgreementHandler } from './sign-agreement/sign-agreement.command';
import { SignAgreementController } from './sign-agreement/sign-agreement.controller';
import { ReportTransferHandler } from './report-transfer/report-transfer.command';
import { ReportTransferController } from './report-transfer/report-transfer.controller';
import { ClaimTermCompletionHandler } from './claim-term-completion/claim-term-completion.command';
import { ClaimTermCompletionController } from './claim-term-completion/claim-term-completion.controller';
import { ClaimCharacterizationHandler } from './claim-characterization/claim-characterization.command';
import { ClaimCharacterizationController } from './claim-characterization/claim-characterization.controller';
import { ReviseClaimHandler } from './revise-claim/revise-claim.command';
import { ReviseClaimController } from './revise-claim/revise-claim.controller';
import { RetractClaimHandler } from './retract-claim/retract-claim.command';
import { RetractClaimController } from './retract-claim/retract-claim.controller';
import { CorroborateClaimHandler } from './corroborate-claim/corroborate-claim.command';
import { CorroborateClaimController } from './corroborate-claim/corroborate-claim.controller';
import { RaiseDisputeHandler } from './raise-dispute/raise-dispute.command';
import { RaiseDisputeController } from './raise-dispute/raise-dispute.controller';
import { ChangeDisputeStatusHandler } from './change-dispute-status/change-dispute-status.command';
import { ChangeDisputeStatusController } from './change-dispute-status/change-dispute-status.controller';
import { MakeOfferHandler } from './make-offer/make-offer.command';
import { MakeOfferController } from './make-offer/make-offer.controller';
import { ReviseOfferHandler } from './revise-offer/revise-offer.command';
import { ReviseOfferController } from './revise-offer/revise-offer.controller';
import { AnswerOfferHandler } from './answer-offer/answer-offer.command';
import { AnswerOfferController } from './answer-offer/answer-offer.controller';
import { RecordInferenceHandler } from './record-inference/record-inference.command';
import { RecordInferenceController } from './record-inference/record-inference.controller';
import { LinkScopesHandler } from './link-scopes/link-scopes.command';
import { LinkScopesController } from './link-scopes/link-scopes.controller';
import { ActorResolver } from './shared/actor-resolver';
import { DecideAndAppend } from './shared/decide-and-append';

/**
 * Every domain command's route (controller) and handler, keyed by the domain's command type: a
 * command added to the domain without both here fails to compile.
 */
const COMMAND_ENDPOINTS = {
  RegisterSource: [RegisterSourceController, RegisterSourceHandler],
  SignAgreement: [SignAgreementController, SignAgreementHandler],
  ReportTransfer: [ReportTransferController, ReportTransferHandler],
  ClaimTermCompletion: [ClaimTermCompletionController, ClaimTermCompletionHandler],
  ClaimCharacterization: [ClaimCharacterizationController, ClaimCharacterizationHandler],
  ReviseClaim: [ReviseClaimController, ReviseClaimHandler],
  RetractClaim: [RetractClaimController, RetractClaimHandler],
  CorroborateClaim: [CorroborateClaimController, CorroborateClaimHandler],
  RaiseDispute: [RaiseDisputeController, RaiseDisputeHandler],
  ChangeDisputeStatus: [ChangeDisputeStatusController, ChangeDisputeStatusHandler],
  MakeOffer: [MakeOfferController, MakeOfferHandler],
  ReviseOffer: [ReviseOfferController, ReviseOfferHandler],
  AnswerOffer: [AnswerOfferController, AnswerOfferHandler],
  RecordInference: [RecordInferenceController, RecordInferenceHandler],
  LinkScopes: [LinkScopesController, LinkScopesHandler],
} satisfies Record<CommandType, readonly [controller: Type, handler: Type]>;
const endpoints = Object.values(COMMAND_ENDPOINTS);

/**
 * The command side: one POST route per domain command. The CommandBus only dispatches; every
 * handler goes through DecideAndAppend, and persisted events go to the event store, never
 * through @nestjs/cqrs's in-memory EventBus.
 */
@Module({
  imports: [CqrsModule],
  controllers: endpoints.map(([controller]) => controller),
  providers: [ActorResolver, DecideAndAppend, ...endpoints.map(([, handler]) => handler)],
})
export class CommandsModule {}
