import { Module } from '@nestjs/common';
import { AgreementsQueryController } from './agreements.controller';
import { ClaimsQueryController } from './claims.controller';
import { DiscrepanciesQueryController } from './discrepancies.controller';
import { OffersQueryController } from './offers.controller';
import { ReadModelsService } from './read-models.service';
import { SourcesQueryController } from './sources.controller';

/**
 * The read side over HTTP: GET queries of the read models, each answerable as of any position.
 * ReadModelsService starts the projection runner with the module (LEDGER_PROJECTIONS=inline) and
 * stops it before the store closes (module destroy precedes application shutdown).
 */
@Module({
  controllers: [
    AgreementsQueryController,
    ClaimsQueryController,
    DiscrepanciesQueryController,
    SourcesQueryController,
    OffersQueryController,
  ],
  providers: [ReadModelsService],
  exports: [ReadModelsService],
})
export class QueriesModule {}
