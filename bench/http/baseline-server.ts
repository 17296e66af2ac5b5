import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  Body,
  Controller,
  HttpCode,
  Inject,
  Module,
  Param,
  Post,
  ValidationPipe,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { migrate } from '../../libs/event-store/src/sqlite/schema';
import { ReportTransferRequest } from '../../apps/ledger-api/src/commands/report-transfer/report-transfer.request';
import { serverMain } from '../lib/child';

export interface BaselineServerInput {
  readonly dataDir: string;
  readonly synchronous: 'FULL' | 'NORMAL';
}

/** The ledger's body limit (apps/ledger-api/src/app.factory.ts), not imported: that would load the whole app. */
const BODY_LIMIT_BYTES = 256 * 1024;

interface PendingAppend {
  readonly stream: string;
  readonly data: string;
  readonly metadata: string;
  readonly done: (position: bigint | number) => void;
  readonly failed: (error: unknown) => void;
}

/**
 * Group commit as a user would write it: the appends that arrive during one turn of the event
 * loop are inserted in one transaction, so they share one fsync (synchronous=FULL).
 */
class GroupCommitLog {
  private pending: PendingAppend[] = [];
  private readonly writeBatch: Database.Transaction<
    (batch: readonly PendingAppend[]) => (bigint | number)[]
  >;

  constructor(private readonly db: Database.Database) {
    const insert = db.prepare(
      `INSERT INTO events (id, stream, revision, type, data, metadata, recorded_at)
       VALUES (?, ?, (SELECT COALESCE(MAX(revision), -1) + 1 FROM events WHERE stream = ?), 'TransferReported', ?, ?, ?)`,
    );
    const now = Date.now;
    this.writeBatch = db.transaction((batch: readonly PendingAppend[]) =>
      batch.map(
        (a) =>
          insert.run(randomUUID(), a.stream, a.stream, a.data, a.metadata, now()).lastInsertRowid,
      ),
    );
  }

  append(stream: string, data: string, metadata: string): Promise<bigint | number> {
    return new Promise((done, failed) => {
      if (this.pending.length === 0) setImmediate(() => this.flush());
      this.pending.push({ stream, data, metadata, done, failed });
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    try {
      const positions = this.writeBatch.immediate(batch);
      batch.forEach((a, i) => a.done(positions[i] ?? 0));
    } catch (error) {
      for (const a of batch) a.failed(error);
    }
  }
}

const LOG = Symbol('GroupCommitLog');

@Controller()
class TransfersController {
  constructor(@Inject(LOG) private readonly log: GroupCommitLog) {}

  @Post('agreements/:agreementId/transfers')
  @HttpCode(201)
  async report(
    @Param('agreementId') agreementId: string,
    @Body() dto: ReportTransferRequest,
  ): Promise<object> {
    const claimId = dto.claimId ?? randomUUID();
    const data = JSON.stringify({ agreementId, ...dto, claimId });
    const metadata = JSON.stringify({
      actor: 'anonymous',
      correlationId: randomUUID(),
      commandName: 'ReportTransfer',
      schemaVersion: 1,
    });
    const position = await this.log.append(`agreement-${agreementId}`, data, metadata);
    return { agreementId, claimId, position: String(position) };
  }
}

/**
 * The command baseline: what a user would write for this endpoint with the same stack — Nest on
 * Fastify, a global ValidationPipe over the same request DTO (class-validator, the ledger pipe's
 * options: whitelist, unknown fields refused, nested objects, transform), and a durable SQLite
 * append of the event row the ledger would write (the same table and indexes) with group commit.
 * No stream read, no decider, no idempotency, no hash chain, no projections, no API key.
 */
serverMain(async (input: BaselineServerInput) => {
  const db = new Database(join(input.dataDir, 'baseline.db'));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${input.synchronous}`);
  migrate(db);
  @Module({
    controllers: [TransfersController],
    providers: [{ provide: LOG, useValue: new GroupCommitLog(db) }],
  })
  class BaselineModule {}
  const app = await NestFactory.create<NestFastifyApplication>(
    BaselineModule,
    new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES }),
    { logger: false },
  );
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
    }),
  );
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    port: address.port,
    async close() {
      await app.close();
      db.close();
    },
  };
});
