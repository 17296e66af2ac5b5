import { Controller, Get, Inject } from '@nestjs/common';
import type { EventStore } from '@ledger/event-store';
import { EVENT_STORE } from '../store/store.tokens';
import { Public } from '../auth';
import { answerSchema } from '../schemas/openapi-document';
import { RouteDocs } from '../schemas/route-docs';

export interface HealthReport {
  readonly status: 'ok';
  readonly store: EventStore['kind'];
  /** The global position of the last event, as a decimal string (positions are 64-bit). */
  readonly lastPosition: string;
}

@Controller('health')
export class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  @Public()
  @RouteDocs('Liveness: the store kind and the head of the log', {
    description: 'The process is up and reads the store.',
    schema: answerSchema('HealthReport'),
  })
  async health(): Promise<HealthReport> {
    const lastPosition = await this.store.headPosition();
    return { status: 'ok', store: this.store.kind, lastPosition: lastPosition.toString() };
  }
}
