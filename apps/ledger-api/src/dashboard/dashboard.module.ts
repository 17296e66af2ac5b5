import { Module } from '@nestjs/common';
import { DashboardAssets } from './dashboard-assets';
import { DashboardController } from './dashboard.controller';
import { dashboardDir } from './dashboard-settings';

/** The analysts' web page: the built front end of apps/dashboard, served by the ledger itself. */
@Module({
  controllers: [DashboardController],
  providers: [{ provide: DashboardAssets, useFactory: () => DashboardAssets.load(dashboardDir()) }],
})
export class DashboardModule {}
