import { Controller, Get, Inject } from '@nestjs/common';
import type { EventStore } from '@ledger/event-store';
import { EVENT_STORE } from '../store/store.tokens';
import { Public } from '../auth';
import { type IntegrityStatus, LedgerIntegrity } from '../audit/ledger-integrity';

export interface HealthReport {
  /** degraded: reads work, writes are refused (the log fails verification: see integrity). */
  readonly status: 'ok' | 'degraded';
  readonly store: EventStore['kind'];
  /** The global position of the last event, as a decimal string (positions are 64-bit). */
  readonly lastPosition: string;
  readonly integrity: IntegrityStatus & { readonly reason?: string };
}

@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly integrity: LedgerIntegrity,
  ) {}

  @Get()
  @Public()
  async health(): Promise<HealthReport> {
    const lastPosition = await this.store.headPosition();
    const integrity = this.integrity.status();
    return {
      status: this.integrity.failed ? 'degraded' : 'ok',
      store: this.store.kind,
      lastPosition: lastPosition.toString(),
      integrity: this.integrity.failed
        ? { ...integrity, reason: this.integrity.reason() }
        : integrity,
    };
  }
}
