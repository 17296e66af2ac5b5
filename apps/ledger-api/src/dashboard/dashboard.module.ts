import { Module } from '@nestjs/common';
import { DashboardAssets } from './dashboard-assets';
import { DashboardController } from './dashboard.controller';
import type { LedgerConfig } from '@ledger/config';
import { LEDGER_CONFIG } from '../store/store.tokens';
import { dashboardDir } from './dashboard-settings';

/** The analysts' web page: the built front end of apps/dashboard, served by the ledger itself. */
@Module({
  controllers: [DashboardController],
  providers: [
    {
      provide: DashboardAssets,
      inject: [LEDGER_CONFIG],
      useFactory: (config: LedgerConfig) =>
        DashboardAssets.load(dashboardDir(config.dashboard.dir)),
    },
  ],
})
export class DashboardModule {}
