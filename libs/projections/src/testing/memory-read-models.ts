import { type ReadAccess, type Row, type RowChange, type TableSpec } from '../read-model/row';
import { READ_MODEL_TABLES } from '../read-model/tables';

/**
 * The current rows of every read model in Maps: enough to run the pure projections without
 * SQLite (no history, no positions), so their specs read as given events, then rows.
 */
export class MemoryReadModels implements ReadAccess {
  private readonly tables = new Map<string, Map<string, Row>>();

  get<R extends Row>(table: TableSpec<R>, key: Partial<R>): R | undefined {
    return this.tables.get(table.name)?.get(keyOf(table, key as Row)) as R | undefined;
  }

  apply(changes: readonly RowChange[]): void {
    for (const { table, row } of changes) {
      const spec = READ_MODEL_TABLES.find((t) => t.name === table);
      if (spec === undefined) throw new Error(`unknown table ${table}`);
      const rows = this.tables.get(table) ?? new Map<string, Row>();
      rows.set(keyOf(spec, row), row);
      this.tables.set(table, rows);
    }
  }

  rows<R extends Row>(table: TableSpec<R>): R[] {
    return [...(this.tables.get(table.name)?.values() ?? [])] as R[];
  }
}

function keyOf(spec: TableSpec, row: Row): string {
  return JSON.stringify(spec.key.map((k) => String(row[k] as string | bigint)));
}
