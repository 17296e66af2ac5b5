import Database from 'better-sqlite3';
import { serverMain } from '../lib/child';
import { fastify, listenOnLoopback } from '../lib/fastify';

export interface BareQueryServerInput {
  /** The read-models file the ledger wrote (its current generation). */
  readonly readModelFile: string;
}

/** The same page size as the ledger's default (apps/ledger-api/src/queries/query-params.ts). */
const PAGE = 50;

const current = 'valid_to IS NULL';
const asOf = 'valid_from <= @at AND (valid_to IS NULL OR valid_to > @at)';

type Params = Record<string, string | number>;
type Query = { asOfPosition?: string; agreementId?: string };

/**
 * The bare baseline of the query benchmark: plain Fastify routes on the ledger's own paths, each
 * running the equivalent SELECTs (prepared once) on the same read-models file, read-only, and
 * answering the rows as JSON: no Nest, no keys, no validation, no views, no totals arithmetic.
 * GET /static answers a fixed JSON document: the ceiling of the platform itself.
 */
serverMain(async (input: BareQueryServerInput) => {
  const db = new Database(input.readModelFile, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  // One statement per (query, current or as of), each prepared once.
  const both = (sql: (where: string) => string): [Database.Statement, Database.Statement] => [
    db.prepare(sql(current)),
    db.prepare(sql(asOf)),
  ];
  const agreement = both((w) => `SELECT * FROM agreements WHERE agreement_id = @id AND ${w}`);
  const transfers = both(
    (w) =>
      `SELECT * FROM claims WHERE agreement_id = @id AND kind = 'transfer' AND ${w} ORDER BY recorded_position`,
  );
  const reconciliations = both(
    (w) =>
      `SELECT * FROM reconciliations WHERE agreement_id = @id AND ${w} ORDER BY reconciliation_key`,
  );
  const discrepancies = both(
    (w) =>
      `SELECT * FROM discrepancies WHERE agreement_id = @id AND ${w} ORDER BY detected_position LIMIT ${PAGE + 1}`,
  );
  const claims = both(
    (w) =>
      `SELECT * FROM claims WHERE agreement_id = @id AND ${w} ORDER BY recorded_position LIMIT ${PAGE + 1}`,
  );
  const claim = both(
    (w) => `SELECT claim_id, agreement_id FROM claims WHERE claim_id = @id AND ${w}`,
  );
  const trail = both(
    (w) =>
      `SELECT v.*, e.*, coalesce(e.change, v.change) AS change FROM audit_entries e JOIN audit_events v ON v.position = e.position WHERE e.agreement_id = @agreementId AND e.claim_id = @id AND ${w.replace(/valid_/g, 'e.valid_')} ORDER BY e.position LIMIT ${PAGE + 1}`,
  );
  const checkpoint = db.prepare('SELECT position FROM checkpoint WHERE id = 1');
  const pick = (
    statements: [Database.Statement, Database.Statement],
    query: Query,
  ): [Database.Statement, (params: Params) => Params] => {
    if (query.asOfPosition === undefined) return [statements[0], (p) => p];
    const at = Number(query.asOfPosition);
    return [statements[1], (p) => ({ ...p, at })];
  };
  const all = (
    statements: [Database.Statement, Database.Statement],
    q: Query,
    id: string,
    more: Params = {},
  ) => {
    const [statement, params] = pick(statements, q);
    return statement.all(params({ id, ...more }));
  };
  const at = (q: Query): unknown =>
    q.asOfPosition ?? (checkpoint.get() as { position: number }).position;

  const app = fastify();
  /** A route about one subject: one read transaction, 404 when it did not exist at that point. */
  const aboutOne = (
    path: string,
    subject: [Database.Statement, Database.Statement],
    answer: (q: Query, id: string, row: unknown) => object,
  ): void => {
    app.get<{ Params: { id: string }; Querystring: Query }>(path, async (request, reply) => {
      const { id } = request.params;
      const q = request.query;
      const found = db.transaction(() => {
        const [statement, params] = pick(subject, q);
        const row: unknown = statement.get(params({ id }));
        return row === undefined ? undefined : answer(q, id, row);
      })();
      return found ?? reply.code(404).send({ status: 404 });
    });
  };
  app.get('/static', async () => ({ asOfPosition: '1', items: [], nextCursor: null }));
  aboutOne('/agreements/:id/totals', agreement, (q, id, row) => ({
    asOfPosition: at(q),
    agreement: row,
    claims: all(transfers, q, id),
    reconciliations: all(reconciliations, q, id),
  }));
  aboutOne('/claims/:id/audit-trail', claim, (q, id, row) => ({
    asOfPosition: at(q),
    claimId: id,
    items: all(trail, q, id, { agreementId: (row as { agreement_id: string }).agreement_id }),
  }));
  app.get<{ Querystring: Query }>('/discrepancies', async (request) => {
    const q = request.query;
    return { asOfPosition: at(q), items: all(discrepancies, q, q.agreementId ?? '') };
  });
  app.get<{ Querystring: Query }>('/claims', async (request) => {
    const q = request.query;
    return { asOfPosition: at(q), items: all(claims, q, q.agreementId ?? '') };
  });
  return listenOnLoopback(app, () => db.close());
});
