/**
 * What the API answers, by the name its OpenAPI schema goes by: `npm run schemas` generates the
 * JSON Schemas of these types (libs/schemas/src/generated/api-answers.json), and the document at
 * /docs-json refers to them. Types only: the answers are the code's own types, so the published
 * schemas cannot say what the code does not return (a test checks the file is up to date).
 */
import type {
  AgreementDetail,
  AgreementView,
  AuditEntryView,
  ClaimView,
  DiscrepancyView,
  ExchangeTotals,
  OfferView,
  SourceView,
  TotalsGroup,
  InferenceView,
} from '@ledger/projections';
import type { CheckpointJson, InclusionProof } from '@ledger/audit';
import type { VerificationAnswer } from '../audit/audit-answers';
import type { CommandAnswer } from '../commands/shared/command-answer';
import type { HealthReport } from '../health/health.controller';
import type { Problem } from '../http/problem';
import type { ListAnswer } from '../queries/read-models.service';
import type { SchemaIndex } from './schemas.controller';

interface AsOf {
  /** The global position the answer reflects (a decimal string: positions are 64-bit). */
  readonly asOfPosition: string;
}

export interface ApiAnswers {
  Problem: Problem;
  CommandAnswer: CommandAnswer;
  HealthReport: HealthReport;
  SourceList: ListAnswer<SourceView>;
  SourceAnswer: AsOf & { readonly source: SourceView };
  AgreementList: ListAnswer<AgreementView>;
  AgreementAnswer: AsOf & { readonly agreement: AgreementDetail };
  TotalsAnswer: AsOf & {
    readonly agreementId: string;
    readonly totals: TotalsGroup[];
    readonly exchanges: ExchangeTotals[];
    /** The desk's own inferences, apart from the sources' figures and never counted in them. */
    readonly inferences: InferenceView[];
  };
  ClaimList: ListAnswer<ClaimView>;
  ClaimAnswer: AsOf & { readonly claim: ClaimView };
  AuditTrailAnswer: ListAnswer<AuditEntryView> & { readonly claimId: string };
  DiscrepancyList: ListAnswer<DiscrepancyView>;
  DiscrepancyAnswer: AsOf & { readonly discrepancy: DiscrepancyView };
  OfferList: ListAnswer<OfferView>;
  OfferAnswer: AsOf & { readonly offer: OfferView };
  VerificationAnswer: VerificationAnswer;
  InclusionProof: InclusionProof;
  CheckpointAnswer: CheckpointJson;
  SchemaIndex: SchemaIndex;
}

/** The name of an answer's schema under #/components/schemas. */
export type AnswerName = keyof ApiAnswers;
