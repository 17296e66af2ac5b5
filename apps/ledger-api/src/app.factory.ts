import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { LedgerConfig } from '@ledger/config';
import type { EventStore } from '@ledger/event-store';
import type { Logger as PinoLogger } from 'pino';
import { AppModule } from './app.module';
import {
  applyHttpSecurity,
  type AuthOptions,
  KeyRing,
  loadAuthSettings,
  RATE_LIMIT_STORAGE,
  refuseBeforeBody,
  RouteTable,
} from './auth';
import { useCommandOutcomes } from './commands/shared/command-outcome.hook';
import { clientErrorHandler, frameworkErrors } from './http/framework-errors';
import { LedgerMetrics } from './health/metrics';
import { observeRequests } from './health/request-metrics';
import { useQueryEtags } from './queries/query-etags';
import { useSharedAnswers } from './queries/shared-answers';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { logRequests } from './logging/access-log';
import { createLogger, PinoNestLogger } from './logging/logger';
import { usePublicBaseUrl } from './http/public-base-url';
import { useStrictJsonParser } from './http/strict-json';
import { ledgerValidationPipe } from './http/validation';
import { setupApiDocs } from './queries/openapi';

/** Largest request body accepted; commands are small. */
export const BODY_LIMIT_BYTES = 256 * 1024;

export interface CreateAppOptions {
  readonly store?: EventStore;
  /** Where logs go: false for none (tests); by default the configuration's (createLogger). */
  readonly logger?: false | PinoLogger;
  /** API keys, rate limit and CORS origins instead of the configuration's (tests, tools). */
  readonly auth?: AuthOptions;
}

/** Builds the HTTP application (not yet listening): used by main.ts and by the end-to-end tests. */
export async function createLedgerApp(
  config: LedgerConfig,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  const auth = loadAuthSettings(config, options.auth);
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    frameworkErrors,
    clientErrorHandler,
  });
  // Watches every route from the first one on, Nest's and the plugins' alike (deny by default).
  const metrics = new LedgerMetrics();
  observeRequests(adapter.getInstance(), metrics);
  useQueryEtags(adapter.getInstance());
  useSharedAnswers(adapter.getInstance());
  const logger = options.logger ?? createLogger(config.log);
  if (logger !== false) logRequests(adapter.getInstance(), logger);
  const routes = RouteTable.watch(adapter.getInstance(), (route) =>
    new Logger('Access').error(
      `${route.method} ${route.url} declares no role: every request to it is refused`,
    ),
  );
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, options.store, { settings: auth, routes }, metrics),
    adapter,
    {
      logger: logger === false ? false : new PinoNestLogger(logger),
      abortOnError: false,
      // Commands are JSON only: Nest's parsers would also accept form-encoded bodies, whose values
      // are all strings. Fastify's own JSON parser stays (with the body limit); text/plain goes.
      bodyParser: false,
    },
  );
  app.getHttpAdapter().getInstance().removeContentTypeParser('text/plain');
  useStrictJsonParser(app.getHttpAdapter().getInstance());
  usePublicBaseUrl(app.getHttpAdapter().getInstance(), config.publicBaseUrl);
  useCommandOutcomes(app.getHttpAdapter().getInstance());
  await applyHttpSecurity(app, auth);
  // Before any body is read: no valid key on a keyed route → 401; anonymous → the address's budget.
  await app.register(
    refuseBeforeBody({
      keys: app.get(KeyRing),
      routes,
      storage: app.get(RATE_LIMIT_STORAGE),
      rateLimit: auth.rateLimit,
    }),
  );
  app.useGlobalPipes(ledgerValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  setupApiDocs(app, config.publicBaseUrl);
  // Nest installs Fastify's not-found and error handlers at init and sends what they throw through
  // the global filter, so unknown routes and errors Fastify raises before a route runs (invalid
  // JSON, body too large) answer as problems too; installing our own here would clash with them.
  app.enableShutdownHooks();
  return app;
}
