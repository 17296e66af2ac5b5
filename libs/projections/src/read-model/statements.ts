import type Database from 'better-sqlite3';

const PREPARED = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * The statement for `sql` on this connection, prepared on first use and kept with the connection
 * (a query's text depends only on which filters it has, so there are few): preparing on every
 * query cost ~10 % of a totals answer.
 */
export function preparedStatement(db: Database.Database, sql: string): Database.Statement {
  let statements = PREPARED.get(db);
  if (statements === undefined) {
    statements = new Map();
    PREPARED.set(db, statements);
  }
  let statement = statements.get(sql);
  if (statement === undefined) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}
