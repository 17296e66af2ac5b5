import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth';
import { type ClaimView, type SourceView } from '@ledger/projections';
import { claimFilter } from './claim-filter';
import { AS_OF_NOTE, QueryDocs } from './query-docs';
import { AsOfQuery, ClaimsQuery, SourcesQuery } from './query-params';
import { type ListAnswer, ReadModelsService } from './read-models.service';

@ApiBearerAuth()
@ApiTags('queries: sources')
@Controller('sources')
export class SourcesQueryController {
  constructor(private readonly readModels: ReadModelsService) {}

  @Get()
  @Roles('analyst', 'auditor')
  @QueryDocs(
    'SourceList',
    'Sources',
    `Registered sources (party authorities and officials, intermediaries, news agencies, media and their relays). ${AS_OF_NOTE}`,
  )
  list(@Query() query: SourcesQuery): Promise<ListAnswer<SourceView>> {
    const filter = {
      ...(query.kind === undefined ? {} : { kind: query.kind }),
      ...(query.affiliation === undefined ? {} : { affiliation: query.affiliation }),
    };
    return this.readModels.list(['sources'], query, (q, { at, page }) =>
      q.sources(at, filter, page),
    );
  }

  @Get(':sourceId')
  @Roles('analyst', 'auditor')
  @QueryDocs('SourceAnswer', 'One source', AS_OF_NOTE, {
    notFound: 'The source had not been registered as of that point.',
  })
  async get(
    @Param('sourceId') sourceId: string,
    @Query() query: AsOfQuery,
  ): Promise<{ asOfPosition: string; source: SourceView }> {
    const { asOfPosition, answer } = await this.readModels.one(query, (q, at) =>
      q.source(at, sourceId),
    );
    if (answer === undefined)
      throw new NotFoundException(
        `Source ${sourceId} had not been registered as of position ${asOfPosition}`,
      );
    return { asOfPosition, source: answer };
  }

  @Get(':sourceId/claims')
  @Roles('analyst', 'auditor')
  @QueryDocs(
    'ClaimList',
    'The claims of a source',
    `What the source claimed, in the order recorded; the same filters as /claims. ${AS_OF_NOTE}`,
  )
  claims(
    @Param('sourceId') sourceId: string,
    @Query() query: ClaimsQuery,
  ): Promise<ListAnswer<ClaimView>> {
    return this.readModels.list(['sources', sourceId, 'claims'], query, (q, { at, page }) =>
      q.claims(at, { ...claimFilter(query), sourceId }, page),
    );
  }
}
