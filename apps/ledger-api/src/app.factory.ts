import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { LedgerConfig } from '@ledger/config';
import type { EventStore } from '@ledger/event-store';
import { AppModule } from './app.module';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { ledgerValidationPipe } from './http/validation';

/** Largest request body accepted; commands are small. */
export const BODY_LIMIT_BYTES = 256 * 1024;

export interface CreateAppOptions {
  readonly store?: EventStore;
  readonly logger?: false;
}

/** Builds the HTTP application (not yet listening): used by main.ts and by the end-to-end tests. */
export async function createLedgerApp(
  config: LedgerConfig,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, options.store),
    adapter,
    {
      logger: options.logger ?? ['error', 'warn', 'log'],
      abortOnError: false,
      // Commands are JSON only: Nest's parsers would also accept form-encoded bodies, whose values
      // are all strings. Fastify's own JSON parser stays (with the body limit); text/plain goes.
      bodyParser: false,
    },
  );
  app.getHttpAdapter().getInstance().removeContentTypeParser('text/plain');
  app.useGlobalPipes(ledgerValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  // Nest installs Fastify's not-found and error handlers at init and sends what they throw through
  // the global filter, so unknown routes and errors Fastify raises before a route runs (invalid
  // JSON, body too large) answer as problems too; installing our own here would clash with them.
  app.enableShutdownHooks();
  return app;
}
