import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth';
import { type OfferFilter, type OfferView } from '@ledger/projections';
import { AS_OF_NOTE, QueryDocs } from './query-docs';
import { AsOfQuery, OffersQuery } from './query-params';
import { type ListAnswer, ReadModelsService } from './read-models.service';

@ApiBearerAuth()
@ApiTags('queries: offers')
@Controller('offers')
export class OffersQueryController {
  constructor(private readonly readModels: ReadModelsService) {}

  @Get()
  @Roles('analyst', 'auditor')
  @QueryDocs(
    'OfferList',
    'Offers',
    `Offers (e.g. to hand over more than agreed) and their state: pending, accepted, declined, countered; with revisions. ${AS_OF_NOTE}`,
  )
  list(@Query() query: OffersQuery): Promise<ListAnswer<OfferView>> {
    const given = Object.entries({
      agreementId: query.agreementId,
      status: query.status,
      by: query.by,
      to: query.to,
    }).filter(([, v]) => v !== undefined);
    const filter = Object.fromEntries(given) as OfferFilter;
    return this.readModels.list(['offers'], query, (q, { at, page }) => q.offers(at, filter, page));
  }

  @Get(':offerId')
  @Roles('analyst', 'auditor')
  @QueryDocs('OfferAnswer', 'One offer', AS_OF_NOTE, {
    notFound: 'The offer had not been made as of that point.',
  })
  async get(
    @Param('offerId') offerId: string,
    @Query() query: AsOfQuery,
  ): Promise<{ asOfPosition: string; offer: OfferView }> {
    const { asOfPosition, answer } = await this.readModels.one(query, (q, at) =>
      q.offer(at, offerId),
    );
    if (answer === undefined)
      throw new NotFoundException(
        `Offer ${offerId} had not been made as of position ${asOfPosition}`,
      );
    return { asOfPosition, offer: answer };
  }
}
