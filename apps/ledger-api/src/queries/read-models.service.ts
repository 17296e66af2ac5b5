import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { LedgerConfig } from '@ledger/config';
import { parseInstant } from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import {
  type AsOf,
  type Checkpoint,
  decodeCursor,
  encodeCursor,
  type Page,
  type ReadModelQueries,
  ReadModels,
} from '@ledger/projections';
import { ValidationProblem } from '../http/validation';
import { EVENT_STORE, LEDGER_CONFIG } from '../store/store.tokens';
import { AnswerCache } from './answer-cache';
import { type AsOfQuery, DEFAULT_PAGE_SIZE, type PageQuery } from './query-params';

/** Where a query answers from: the position, and for listings the page's start. */
export interface Reading {
  readonly at: AsOf;
  readonly page: { readonly limit: number; readonly after?: string };
}

export interface ListAnswer<T> {
  readonly asOfPosition: string;
  readonly items: T[];
  /** Pass as `cursor` for the next page (same position); null on the last page. */
  readonly nextCursor: string | null;
}

/** A page as the API answers it: the position, and the cursor of the next page at that position. */
function listAnswer<T>(at: AsOf, page: Page<T> | undefined): ListAnswer<T> | undefined {
  if (page === undefined) return undefined;
  const nextCursor = page.nextAfter === null ? null : encodeCursor(at.position, page.nextAfter);
  return { asOfPosition: at.position.toString(), items: page.items, nextCursor };
}

const invalid = (field: string, message: string): ValidationProblem =>
  new ValidationProblem([{ field, messages: [message] }]);

/**
 * The read models as the HTTP queries use them. With LEDGER_PROJECTIONS=inline (the default) this
 * process also runs the projection runner; with `external`, apps/projector writes the read models
 * and this process only reads them. Each answer is read in one transaction at one position: the
 * one asked for (asOfPosition, or the last event recorded at or before asOf), or the read models'
 * checkpoint. minPosition, and an asOfPosition the read models have not reached, wait (bounded)
 * for the projections, else 503 with Retry-After.
 */
@Injectable()
export class ReadModelsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Projections');
  private models: ReadModels | undefined;
  private readonly answers = new AnswerCache();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  private get settings(): LedgerConfig['projections'] {
    return this.config.projections;
  }

  async onModuleInit(): Promise<void> {
    const logger = {
      log: (m: string) => this.logger.log(m),
      error: (m: string) => this.logger.error(m),
    };
    if (this.settings.mode === 'external' && this.store.kind === 'memory') {
      this.logger.warn(
        'LEDGER_PROJECTIONS=external with the memory store: no other process can see its events, so the read models will stay empty',
      );
    }
    this.models =
      this.settings.mode === 'inline'
        ? await ReadModels.startWriter(this.store, this.config.dataDir, { logger })
        : ReadModels.openReader(this.config.dataDir, { logger });
  }

  async onModuleDestroy(): Promise<void> {
    await this.models?.close();
  }

  /** Where the read models are (undefined before their first batch): for /health/ready and /metrics. */
  checkpoint(): Checkpoint | undefined {
    return this.models?.checkpoint();
  }

  /** Answers one question about one point (a single resource). */
  async one<T>(
    query: AsOfQuery,
    ask: (queries: ReadModelQueries, at: AsOf) => T,
  ): Promise<{ asOfPosition: string; answer: T }> {
    const { at, answer } = await this.read(query, undefined, (q, reading) => ask(q, reading.at));
    return { asOfPosition: at.position.toString(), answer };
  }

  /**
   * Answers a listing, one page at a time, every page at the position of the first. `question`
   * names what is listed (the route and its path parameters): with the query parameters and the
   * position read at, it keys the answer in the cache of listings (AnswerCache).
   */
  async list<T>(
    question: readonly string[],
    query: PageQuery,
    ask: (queries: ReadModelQueries, reading: Reading) => Page<T>,
  ): Promise<ListAnswer<T>> {
    const { asOfPosition, page } = await this.listOf(question, query, ask);
    return page ?? { asOfPosition, items: [], nextCursor: null };
  }

  /** A listing of something that may not exist at that point (undefined page: not found). */
  async listOf<T>(
    question: readonly string[],
    query: PageQuery,
    ask: (queries: ReadModelQueries, reading: Reading) => Page<T> | undefined,
  ): Promise<{ asOfPosition: string; page: ListAnswer<T> | undefined }> {
    // A cursor that does not decode throws InvalidQueryError: a 400 naming the field (toProblem).
    const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const key = JSON.stringify([...question, query]);
    const { at, answer } = await this.read(query, cursor, (queries, reading) =>
      this.answers.answer(key, reading.at, () => listAnswer(reading.at, ask(queries, reading))),
    );
    return { asOfPosition: at.position.toString(), page: answer };
  }

  private async read<T>(
    query: AsOfQuery & { limit?: number },
    cursor: { at: bigint; after: string } | undefined,
    ask: (queries: ReadModelQueries, reading: Reading) => T,
  ): Promise<{ at: AsOf; answer: T }> {
    const models = this.readModels();
    const asked = this.askedPosition(query, cursor);
    const asOfMs = query.asOf === undefined ? undefined : parseInstant(query.asOf);
    if (query.asOf !== undefined && asOfMs === undefined)
      throw invalid('asOf', 'asOf must be a real instant');
    await this.waitFor(models, query, asked, asOfMs);
    const page = {
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      ...(cursor ? { after: cursor.after } : {}),
    };
    // A busy or swapped file throws ReadModelUnavailableError: a 503 (toProblem).
    return models.read((queries, db, checkpoint) => {
      const position =
        asked ?? (asOfMs === undefined ? checkpoint.position : db.positionRecordedBy(asOfMs));
      const at = { position, current: position === checkpoint.position };
      return { at, answer: ask(queries, { at, page }) };
    });
  }

  private askedPosition(query: AsOfQuery, cursor: { at: bigint } | undefined): bigint | undefined {
    if (query.asOfPosition !== undefined && query.asOf !== undefined)
      throw invalid('asOf', 'give asOfPosition or asOf, not both');
    const explicit = query.asOfPosition === undefined ? undefined : BigInt(query.asOfPosition);
    if (cursor === undefined) return explicit;
    if (explicit !== undefined && explicit !== cursor.at)
      throw invalid('cursor', `this cursor belongs to position ${cursor.at}, not ${explicit}`);
    return cursor.at;
  }

  /**
   * Waits until the read models hold what the answer needs: minPosition, the asked position, and
   * for a time at or after the last projected event everything the store recorded so far (so the
   * answer is what the ledger held then, not what the projections had reached).
   */
  private async waitFor(
    models: ReadModels,
    query: AsOfQuery,
    asked: bigint | undefined,
    asOfMs: number | undefined,
  ): Promise<void> {
    const checkpoint = models.checkpoint();
    let target = [
      query.minPosition === undefined ? 0n : BigInt(query.minPosition),
      asked ?? 0n,
    ].reduce((a, b) => (a > b ? a : b));
    if (
      asOfMs !== undefined &&
      (checkpoint === undefined || asOfMs >= (checkpoint.recordedAtMs ?? 0))
    ) {
      const head = await this.store.headPosition();
      if (head > target) target = head;
    }
    if (checkpoint !== undefined && checkpoint.position >= target) return;
    if (await models.waitForPosition(target, this.settings.queryWaitMs)) return;
    await this.refuseUnrecorded(query, asked, target);
    throw this.behind(models.checkpoint(), target);
  }

  /**
   * After the wait, a position still beyond the store's head was never recorded: a position a
   * command answered with is never beyond it, so this is a bad question (400), not the read
   * models lagging (503, retry). Checked only once the wait failed: no cost on the common path.
   */
  private async refuseUnrecorded(
    query: AsOfQuery,
    asked: bigint | undefined,
    target: bigint,
  ): Promise<void> {
    const head = await this.store.headPosition();
    if (target <= head) return;
    const field =
      asked === target
        ? query.asOfPosition === undefined
          ? 'cursor'
          : 'asOfPosition'
        : 'minPosition';
    throw invalid(
      field,
      `${field} asks for position ${target}, which the ledger has not recorded (the last recorded position is ${head})`,
    );
  }

  private behind(checkpoint: Checkpoint | undefined, target: bigint): ServiceUnavailableException {
    const reached =
      checkpoint === undefined
        ? 'no read models yet'
        : `the read models are at position ${checkpoint.position}`;
    return new ServiceUnavailableException(
      `Waited ${this.settings.queryWaitMs} ms for position ${target}: ${reached}. Retry later.`,
    );
  }

  private readModels(): ReadModels {
    if (this.models === undefined)
      throw new ServiceUnavailableException('The read models are starting; retry later.');
    return this.models;
  }
}
