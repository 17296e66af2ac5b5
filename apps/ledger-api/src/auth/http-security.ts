import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AuthSettings } from './auth-settings';

/** Headers a browser needs to call the API cross-origin: the key, JSON, and the command headers. */
const ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'idempotency-key',
  'x-correlation-id',
  'last-event-id',
];
const EXPOSED_HEADERS = ['x-correlation-id', 'idempotent-replayed', 'retry-after', 'location'];

/**
 * Security headers on every answer (helmet's defaults: no sniffing, no framing, HSTS, a strict
 * referrer policy, a content security policy; the dashboard's page sets its own stricter one), and
 * CORS only for the origins configured (LEDGER_CORS_ORIGINS): off by default, so a page on another
 * origin cannot read the ledger's answers even with a key.
 */
export async function applyHttpSecurity(
  app: NestFastifyApplication,
  settings: AuthSettings,
): Promise<void> {
  await app.register(helmet, { global: true });
  if (settings.corsOrigins.length > 0) {
    app.enableCors({
      origin: [...settings.corsOrigins],
      methods: ['GET', 'POST', 'HEAD'],
      allowedHeaders: ALLOWED_HEADERS,
      exposedHeaders: EXPOSED_HEADERS,
      maxAge: 600,
    });
  }
}
