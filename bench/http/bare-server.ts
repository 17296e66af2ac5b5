import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { migrate } from '../../libs/event-store/src/sqlite/schema';
import { ReportTransferRequest } from '../../apps/ledger-api/src/commands/report-transfer/report-transfer.request';
import { serverMain } from '../lib/child';
import { fastify, listenOnLoopback } from '../lib/fastify';

export interface BareServerInput {
  readonly dataDir: string;
  readonly synchronous: 'FULL' | 'NORMAL';
}

/** The ledger's body limit (apps/ledger-api/src/app.factory.ts), not imported: that would load the whole app. */
const BODY_LIMIT_BYTES = 256 * 1024;

/**
 * The bare ceiling: what the endpoint costs without the ledger around it. A plain Fastify route
 * validates the same request DTO with class-validator (the same options as the ledger's pipe:
 * whitelist, unknown fields refused, nested objects) and inserts the event row the ledger would
 * write (the same table and indexes, the same columns) in one transaction per request, at the
 * durability asked for. No stream read, no decider, no idempotency, no CommandBus.
 */
serverMain(async (input: BareServerInput) => {
  const db = new Database(join(input.dataDir, 'bare.db'));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${input.synchronous}`);
  migrate(db);
  const insert = db.prepare(
    `INSERT INTO events (id, stream, revision, type, data, metadata, recorded_at)
     VALUES (?, ?, (SELECT COALESCE(MAX(revision), -1) + 1 FROM events WHERE stream = ?), 'TransferReported', ?, ?, ?)`,
  );
  const append = db.transaction(
    (stream: string, data: string, metadata: string) =>
      insert.run(randomUUID(), stream, stream, data, metadata, Date.now()).lastInsertRowid,
  );
  const app = fastify({ bodyLimit: BODY_LIMIT_BYTES });
  app.post<{ Params: { agreementId: string }; Body: Record<string, unknown> }>(
    '/agreements/:agreementId/transfers',
    async (request, reply) => {
      const dto = plainToInstance(ReportTransferRequest, request.body);
      const errors = await validate(dto, {
        whitelist: true,
        forbidNonWhitelisted: true,
        forbidUnknownValues: true,
      });
      if (errors.length > 0) return reply.code(400).send({ errors: errors.map((e) => e.property) });
      const { agreementId } = request.params;
      const claimId = dto.claimId ?? randomUUID();
      const data = JSON.stringify({ agreementId, ...dto, claimId });
      const metadata = JSON.stringify({
        actor: 'anonymous',
        correlationId: randomUUID(),
        commandName: 'ReportTransfer',
        schemaVersion: 1,
      });
      const position = append.immediate(`agreement-${agreementId}`, data, metadata);
      return reply.code(201).send({ agreementId, claimId, position: String(position) });
    },
  );
  return listenOnLoopback(app, () => db.close());
});
