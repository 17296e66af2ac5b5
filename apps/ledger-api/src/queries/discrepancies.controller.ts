import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth';
import { type DiscrepancyFilter, type DiscrepancyView } from '@ledger/projections';
import { AS_OF_NOTE, QueryDocs } from './query-docs';
import { DiscrepanciesQuery, IdLookupQuery } from './query-params';
import { type ListAnswer, ReadModelsService } from './read-models.service';

function discrepancyFilter(query: DiscrepanciesQuery): DiscrepancyFilter {
  const given = Object.entries({
    agreementId: query.agreementId,
    kind: query.kind,
    status: query.status,
    open: query.open === undefined ? undefined : query.open === 'true',
    claimId: query.claimId,
    subjectKey: query.subjectKey,
  }).filter(([, value]) => value !== undefined);
  return Object.fromEntries(given);
}

@ApiBearerAuth()
@ApiTags('queries: discrepancies')
@Controller('discrepancies')
export class DiscrepanciesQueryController {
  constructor(private readonly readModels: ReadModelsService) {}

  @Get()
  @Roles('analyst', 'auditor')
  @QueryDocs(
    'DiscrepancyList',
    'Discrepancies',
    'Disputed figures (claims on one quantity that cannot all be true) and claimants whose phase figures do not add up to their own total: open and resolved, the values compared, the delta, the claims involved, since when. ' +
      `Filters: agreement, kind, status, open, claim, subject key. ${AS_OF_NOTE}`,
  )
  list(@Query() query: DiscrepanciesQuery): Promise<ListAnswer<DiscrepancyView>> {
    return this.readModels.list(['discrepancies'], query, (q, { at, page }) =>
      q.discrepancies(at, discrepancyFilter(query), page),
    );
  }

  @Get(':discrepancyId')
  @Roles('analyst', 'auditor')
  @QueryDocs('DiscrepancyAnswer', 'One discrepancy', AS_OF_NOTE, {
    notFound: 'No such discrepancy had been recorded as of that point.',
  })
  async get(
    @Param('discrepancyId') discrepancyId: string,
    @Query() query: IdLookupQuery,
  ): Promise<{ asOfPosition: string; discrepancy: DiscrepancyView }> {
    const { asOfPosition, answer } = await this.readModels.one(query, (q, at) =>
      q.discrepancy(at, discrepancyId, query.agreementId),
    );
    if (answer === undefined)
      throw new NotFoundException(
        `Discrepancy ${discrepancyId} had not been recorded as of position ${asOfPosition}`,
      );
    return { asOfPosition, discrepancy: answer };
  }
}
