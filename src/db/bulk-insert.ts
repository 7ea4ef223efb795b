/**
 * Inserts many rows as one JSON parameter: INSERT … SELECT * FROM json_populate_recordset(…).
 * Drizzle's multi-row VALUES spends far more JavaScript per wide row than scoring the lead did
 * (measured in docs/decisions.md), and is capped at 65,535 parameters; one native JSON.stringify of
 * the batch costs a fraction of that and has no row limit. Every column must be given a value:
 * a missing key is stored as null, not as the column's default.
 */
import { getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db, Tx } from './client.ts';

export async function bulkInsert<T extends PgTable>(tx: Tx | Db, table: T, rows: T['$inferInsert'][]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.entries(getTableColumns(table)).map(([key, column]) => [key, column.name] as const);
  const records = rows.map((row) => {
    const record: Record<string, unknown> = {};
    for (const [key, name] of columns) record[name] = (row as Record<string, unknown>)[key] ?? null;
    return record;
  });
  const names = sql.join(columns.map(([, name]) => sql.identifier(name)), sql`, `);
  await tx.execute(sql`insert into ${table} (${names})
    select ${names} from json_populate_recordset(null::${sql.identifier(getTableName(table))}, ${JSON.stringify(records)}::json)`);
}
