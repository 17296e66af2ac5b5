import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@ledger/config';
import {
  agreementDecider,
  type AgreementState,
  type RegisteredSource,
  type RegisterSource,
  type ReportTransfer,
  SEED_SCENARIO,
} from '@ledger/domain';
import { type EventStore, type EventToAppend } from '@ledger/event-store';
import { createLedgerApp } from '../../apps/ledger-api/src/app.factory';
import { newApiKey } from '../../apps/ledger-api/src/auth';
import { eventsToAppend } from '../../apps/ledger-api/src/commands/shared/event-envelope';
import { EVENT_STORE } from '../../apps/ledger-api/src/store/store.tokens';
import { workerMain } from '../lib/child';
import { type GrowthCase, type GrowthFigure, type GrowthInput, SHAPES } from './growth-cases';

/**
 * One stream length in one process: the ledger in-process (SQLite, synchronous=NORMAL so the disk
 * stays out of the figure), one agreement per claim shape prepared to `events` events by appending
 * them straight to the app's store (hash-chained, through the same envelope the command path
 * writes: a fast preparation, not N commands), then each case's commands through Fastify's inject
 * (the whole HTTP pipeline without sockets), `writers` at a time.
 */

const ACTOR = 'growth-recorder';
const PREPARE_BATCH = 1_000;

function transferTemplate(): ReportTransfer {
  const found = SEED_SCENARIO.find((c): c is ReportTransfer => c.type === 'ReportTransfer');
  if (found === undefined) throw new Error('the seed scenario reports no transfer');
  return found;
}

/** The request body of the i-th claim of a shape: one phase label for all, or 1,000 of them. */
function transferBody(shape: GrowthCase['shape'], i: number): Record<string, unknown> {
  const { agreementId: _a, claimId: _c, disputeId: _d, ...data } = transferTemplate().data;
  return {
    ...data,
    scope: { kind: 'phase', phase: shape === 'one-key' ? 'final' : `phase-${i % 1_000}` },
  };
}

function registeredSource(sourceId: string): RegisteredSource {
  const found = SEED_SCENARIO.find(
    (c): c is RegisterSource => c.type === 'RegisterSource' && c.data.sourceId === sourceId,
  );
  if (found === undefined) throw new Error(`the seed scenario registers no ${sourceId}`);
  return { status: 'registered', ...found.data };
}

const agreementOf = (shape: GrowthCase['shape']): string => `growth-${shape}`;

async function post(
  app: NestFastifyApplication,
  headers: Record<string, string>,
  url: string,
  body: unknown,
): Promise<number> {
  const response = await app
    .getHttpAdapter()
    .getInstance()
    .inject({ method: 'POST', url, headers, payload: body as Record<string, unknown> });
  return response.statusCode;
}

/**
 * Appends `count` claims, each decided on the state folded so far, so the stream is the one
 * commands would have written: a source's new figure on a key revises its live one (one live
 * figure per source and key), and any derived event the rules call for is there too. Folding is
 * O(1) per event (persistent maps), so this stays fast at 100,000 events.
 */
async function prepare(
  store: EventStore,
  shape: GrowthCase['shape'],
  signed: AgreementState,
  count: number,
): Promise<bigint> {
  const stream = `agreement-${agreementOf(shape)}`;
  const template = transferTemplate();
  const context = {
    sources: new Map([[template.data.sourceId, registeredSource(template.data.sourceId)]]),
  };
  let state = signed;
  let revision = 0n;
  let position = 0n;
  for (let first = 0; first < count; first += PREPARE_BATCH) {
    const batch: EventToAppend[] = [];
    for (let i = first; i < Math.min(count, first + PREPARE_BATCH); i++) {
      const body = transferBody(shape, i);
      const command = {
        ...template,
        data: { ...body, agreementId: agreementOf(shape), claimId: `prep-${i}` },
      } as ReportTransfer;
      const events = agreementDecider.decide(command, state, context);
      state = agreementDecider.fold(state, events);
      const key = `prep-${i}`;
      batch.push(
        ...eventsToAppend(
          events,
          {
            actor: ACTOR,
            correlationId: key,
            commandId: key,
            commandName: 'ReportTransfer',
            idempotency: { key, requestHash: 'prepared' },
          },
          () => randomUUID(),
        ),
      );
    }
    const written = await store.appendToStream(stream, batch, { expectedRevision: revision });
    revision = written.nextExpectedRevision;
    position = written.position;
  }
  return position;
}

/**
 * Waits until the background work the preparation caused is done, so that none of it is counted
 * as a command's: the projections have reached `position` (a query with minPosition answers 200
 * once they have; 503 while its bounded wait runs out), and a checkpoint covers the whole log.
 */
async function settle(
  app: NestFastifyApplication,
  headers: Record<string, string>,
  position: bigint,
): Promise<void> {
  const url = `/discrepancies?minPosition=${position}&limit=1`;
  for (;;) {
    const response = await app
      .getHttpAdapter()
      .getInstance()
      .inject({ method: 'GET', url, headers });
    if (response.statusCode === 200) break;
    if (response.statusCode !== 503)
      throw new Error(`waiting for the projections answered ${response.statusCode}`);
  }
  const signed = await post(app, headers, '/audit/checkpoints', {});
  if (signed !== 201) throw new Error(`signing a checkpoint answered ${signed}`);
}

async function runCase(
  app: NestFastifyApplication,
  token: string,
  one: GrowthCase,
  sizes: { readonly events: number; readonly commands: number },
): Promise<GrowthFigure> {
  const { commands } = sizes;
  let next = 0;
  let conflicts = 0;
  let failed = 0;
  const url = `/agreements/${agreementOf(one.shape)}/transfers`;
  const run = `${one.shape}-${one.writers}-${one.keyed ? 'k' : 'n'}`;
  const writer = async (): Promise<void> => {
    while (next < commands) {
      const i = next++;
      const headers: Record<string, string> = {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...(one.keyed ? { 'idempotency-key': `${run}-${i}` } : {}),
      };
      const status = await post(app, headers, url, transferBody(one.shape, i));
      if (status === 409) conflicts++;
      else if (status !== 201) failed++;
    }
  };
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: one.writers }, writer));
  const used = process.cpuUsage(cpu);
  const ms = performance.now() - started;
  if (failed > 0) throw new Error(`${failed} of ${commands} commands failed (${run})`);
  return {
    ...one,
    events: sizes.events,
    commandsPerSec: (commands * 1000) / ms,
    cpuMicrosPerCommand: (used.user + used.system) / commands,
    conflictRate: conflicts / commands,
  };
}

async function measure(input: GrowthInput): Promise<GrowthFigure[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-growth-'));
  const key = newApiKey(ACTOR, ['recorder', 'analyst', 'auditor']);
  const headers = { authorization: `Bearer ${key.token}`, 'content-type': 'application/json' };
  const config = loadConfig({
    LEDGER_DATA_DIR: dataDir,
    LEDGER_SQLITE_SYNCHRONOUS: 'NORMAL',
    PORT: '0',
  });
  const app = await createLedgerApp(config, {
    logger: false,
    auth: { apiKeys: [key.record], rateLimit: { limit: 1_000_000_000, windowMs: 60_000 } },
  });
  try {
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const signing = SEED_SCENARIO.find((c) => c.type === 'SignAgreement');
    if (signing?.type !== 'SignAgreement') throw new Error('the seed scenario signs no agreement');
    for (const source of SEED_SCENARIO.filter((c) => c.type === 'RegisterSource'))
      await post(app, headers, '/sources', source.data);
    const store = app.get<EventStore>(EVENT_STORE);
    let prepared = 0n;
    for (const shape of SHAPES) {
      const agreementId = agreementOf(shape);
      const status = await post(app, headers, '/agreements', { ...signing.data, agreementId });
      if (status !== 201) throw new Error(`signing ${agreementId} answered ${status}`);
      const signed = agreementDecider.fold(agreementDecider.initialState(), [
        ...agreementDecider.decide(
          { ...signing, data: { ...signing.data, agreementId } },
          agreementDecider.initialState(),
          { sources: new Map() },
        ),
      ]);
      prepared = await prepare(store, shape, signed, input.events - 1);
    }
    await settle(app, headers, prepared);
    const figures: GrowthFigure[] = [];
    const warmUp = Math.max(5, Math.floor(input.commands / 10));
    // The process warms up once on both agreements (JIT, their first read of the prepared stream).
    for (const shape of SHAPES)
      await runCase(
        app,
        key.token,
        { shape, writers: 1, keyed: false },
        { ...input, commands: warmUp * 2 },
      );
    for (const one of input.cases) {
      await runCase(app, key.token, one, { events: input.events, commands: warmUp });
      figures.push(await runCase(app, key.token, one, input));
    }
    return figures;
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

workerMain(measure);
