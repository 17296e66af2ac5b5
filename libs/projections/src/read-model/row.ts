import { type JsonValue } from '@ledger/domain';

/**
 * How a read-model column is stored: text, a count (int), a global position (pos, a bigint:
 * positions are 64-bit), or a JSON document (json, kept as text, a plain value in TypeScript).
 */
export type ColumnType = 'text' | 'int' | 'pos' | 'json';

export type CellValue = string | number | bigint | JsonValue | null;

/** A row as the projections see it: column name to value, never undefined. */
export type Row = { readonly [column: string]: CellValue };

/** One table of a read model: its key (one current row per key) and its columns. */
export interface TableSpec<R extends Row = Row> {
  readonly name: string;
  readonly key: readonly (keyof R & string)[];
  readonly columns: { readonly [C in keyof R & string]: ColumnType };
  /** Secondary indexes, each a list of columns; valid_from is appended to every one. */
  readonly indexes: readonly (readonly (keyof R & string)[])[];
  /** false for the projections' own bookkeeping, which no query reads as of a point: rewritten in place. */
  readonly history?: false;
  /**
   * false: no partial unique index on the key's current version. For append-mostly tables whose
   * keys have one or two versions (the audit trail): the primary key (key, valid_from) finds the
   * current one, so the index would only duplicate it.
   */
  readonly currentIndex?: false;
}

/**
 * What a projection asks the runner to do at the position of the event it projects: the row
 * becomes its key's current version (an unchanged row is a no-op). Nothing in the ledger is
 * deleted, so neither is a read-model row. History is never lost: the runner closes the previous
 * version (valid_to) and opens a new one (valid_from).
 */
export interface RowChange {
  readonly table: string;
  readonly row: Row;
}

/** The current rows, by key: the only thing a projection may read. */
export interface ReadAccess {
  get<R extends Row>(table: TableSpec<R>, key: Partial<R>): R | undefined;
}

export function put<R extends Row>(table: TableSpec<R>, row: R): RowChange {
  return { table: table.name, row };
}
