import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth';
import { type AuditEntryView, type ClaimView } from '@ledger/projections';
import { claimFilter } from './claim-filter';
import { AS_OF_NOTE, QueryDocs } from './query-docs';
import { AllClaimsQuery, IdLookupQuery, IdTrailQuery } from './query-params';
import { type ListAnswer, ReadModelsService } from './read-models.service';
import { shareAnswer } from './shared-answers';

type TrailAnswer = ListAnswer<AuditEntryView> & { claimId: string };

/** Trail answers by the cached page they name the claim of (one claim per page: its key holds it). */
const trailAnswers = new WeakMap<ListAnswer<AuditEntryView>, TrailAnswer>();

/** The page with its claim id, the same object for the same cached page (so shared as it is). */
function trailAnswer(page: ListAnswer<AuditEntryView>, claimId: string): TrailAnswer {
  let answer = trailAnswers.get(page);
  if (answer === undefined) {
    answer = { ...page, claimId };
    trailAnswers.set(page, answer);
    shareAnswer(answer);
  }
  return answer;
}

@ApiBearerAuth()
@ApiTags('queries: claims')
@Controller('claims')
export class ClaimsQueryController {
  constructor(private readonly readModels: ReadModelsService) {}

  @Get()
  @Roles('analyst', 'auditor')
  @QueryDocs(
    'ClaimList',
    'Claims',
    `Every claim in the order recorded, with its source, status and corroborations. Filters: agreement, source, kind, status, term, quantity key, claimedBefore, occurredBefore. ${AS_OF_NOTE}`,
  )
  list(@Query() query: AllClaimsQuery): Promise<ListAnswer<ClaimView>> {
    return this.readModels.list(['claims'], query, (q, { at, page }) =>
      q.claims(at, claimFilter(query), page),
    );
  }

  @Get(':claimId')
  @Roles('analyst', 'auditor')
  @QueryDocs('ClaimAnswer', 'One claim', AS_OF_NOTE, {
    notFound: 'The claim had not been recorded as of that point.',
  })
  async get(
    @Param('claimId') claimId: string,
    @Query() query: IdLookupQuery,
  ): Promise<{ asOfPosition: string; claim: ClaimView }> {
    const { asOfPosition, answer } = await this.readModels.one(query, (q, at) =>
      q.claim(at, claimId, query.agreementId),
    );
    if (answer === undefined)
      throw new NotFoundException(
        `Claim ${claimId} had not been recorded as of position ${asOfPosition}`,
      );
    return { asOfPosition, claim: answer };
  }

  @Get(':claimId/audit-trail')
  @Roles('auditor')
  @QueryDocs(
    'AuditTrailAnswer',
    'The audit trail of a claim',
    `Every event that touched the claim, in order: position, recordedAt, actor, correlation and causation ids, the source, what changed and what it caused (a dispute, a supersession, a reconciliation). ${AS_OF_NOTE}`,
    { notFound: 'The claim had not been recorded as of that point.' },
  )
  async auditTrail(
    @Param('claimId') claimId: string,
    @Query() query: IdTrailQuery,
  ): Promise<TrailAnswer> {
    const { asOfPosition, page } = await this.readModels.listOf(
      ['claims', claimId, 'audit-trail'],
      query,
      (q, reading) => q.auditTrail(reading.at, claimId, reading.page, query.agreementId),
    );
    if (page === undefined)
      throw new NotFoundException(
        `Claim ${claimId} had not been recorded as of position ${asOfPosition}`,
      );
    return trailAnswer(page, claimId);
  }
}
