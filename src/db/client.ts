/**
 * Opens the database: PGlite (PostgreSQL in WASM, in-process) under DATA_DIR by default, or a
 * node-postgres pool when DATABASE_URL is set. Both speak the same SQL through one Drizzle schema.
 */
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { fileURLToPath } from 'node:url';
import * as schema from './schema/index.ts';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A Drizzle handle inside a transaction: the same query API as Db. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** The rows of a raw SQL statement: both drivers (node-postgres and PGlite) answer with { rows }. */
export async function queryRows<T = Record<string, unknown>>(db: Db | Tx, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/**
 * Runs data-modifying statements (Drizzle builders or SQL) as one: `with w0 as (…), w1 as (…) last`.
 * One round trip instead of one each, and all or nothing even outside a transaction. They share one
 * snapshot, so none may depend on another's changes; PostgreSQL runs `last` first, then the others
 * from the end, which keeps lock order the same for every caller that ends with the same statements.
 */
export async function executeAll(db: Db | Tx, statements: (SQLWrapper | undefined)[]): Promise<void> {
  const parts = statements.filter((s): s is SQLWrapper => s !== undefined).map((s) => s.getSQL());
  const last = parts.pop();
  if (!last) return;
  const ctes = parts.map((part, i) => sql`${sql.identifier(`w${i}`)} as (${part})`);
  await db.execute(ctes.length ? sql`with ${sql.join(ctes, sql`, `)} ${last}` : last);
}

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Applies committed migrations that have not run yet. */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** PGlite only: a snapshot of the whole database (tests load migrated snapshots). */
  dumpDataDir?(): Promise<Blob>;
}

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; maxConnections?: number }
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'pglite-memory'; loadDataDir?: Blob };

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') return openPostgres(target.url, target.maxConnections ?? 10);
  return openPglite(target);
}

async function openPglite(target: Exclude<DatabaseTarget, { kind: 'postgres' }>): Promise<Database> {
  let lock: DataDirLock | undefined;
  let client: PGlite;
  if (target.kind === 'pglite') {
    // PGlite cannot share its files between processes: two writers would corrupt them.
    lock = await acquireDataDirLock(target.dataDir);
    client = new PGlite(target.dataDir, { extensions: { pg_trgm } });
  } else {
    client = new PGlite({ extensions: { pg_trgm }, loadDataDir: target.loadDataDir });
  }
  try {
    await client.waitReady;
  } catch (err) {
    await lock?.release();
    throw err;
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    migrate: () => migratePglite(db as never, { migrationsFolder: MIGRATIONS_DIR }),
    dumpDataDir: async () => (await client.dumpDataDir('none')) as Blob,
    async close() {
      await client.close();
      await lock?.release();
    },
  };
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle connection can be cut by the server (restart, failover). The pool replaces it; without
  // a listener the error would crash the process.
  pool.on('error', (err) => process.emitWarning(`PostgreSQL connection lost: ${err.message}`));
  // Fail at start-up with a clear message rather than on the first request.
  const probe = await pool.connect();
  probe.release();
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    async migrate() {
      // Several processes may start together: serialise migrations with an advisory lock.
      const conn = await pool.connect();
      try {
        await conn.query('select pg_advisory_lock(7240117)');
        await migratePg(drizzlePg(conn, { schema }) as never, { migrationsFolder: MIGRATIONS_DIR });
      } finally {
        await conn.query('select pg_advisory_unlock(7240117)').catch(() => undefined);
        conn.release();
      }
    },
    close: () => pool.end(),
  };
}
