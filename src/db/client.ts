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
import { drizzle as drizzlePg, NodePgSession, NodePgTransaction } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { fileURLToPath } from 'node:url';
import * as schema from './schema/index.ts';
import { isDatabaseUnavailable } from './unavailable.ts';
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

/** Bounds on how long PostgreSQL may keep a caller waiting; a database that stops answering costs a 503, not a hang. */
export interface DatabaseTimeouts {
  /** Opening a connection, or waiting for a free one in the pool. */
  connectMs: number;
  /** One statement, enforced by the server (statement_timeout) and, a little later, by the client. */
  statementMs: number;
  /** A transaction left open without a statement (idle_in_transaction_session_timeout). */
  idleInTransactionMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = { connectMs: 5_000, statementMs: 30_000, idleInTransactionMs: 60_000 };
/** How much longer than the server's statement_timeout the client waits before giving up on a silent server. */
const clientTimeoutMarginMs = (statementMs: number) => Math.min(2_000, statementMs);

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; maxConnections?: number; timeouts?: DatabaseTimeouts }
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'pglite-memory'; loadDataDir?: Blob };

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') return openPostgres(target.url, target.maxConnections ?? 10, target.timeouts ?? DEFAULT_DATABASE_TIMEOUTS);
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

async function openPostgres(url: string, max: number, timeouts: DatabaseTimeouts): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: timeouts.connectMs,
    statement_timeout: timeouts.statementMs,
    // The server's statement_timeout cannot fire when the network, not the server, went silent.
    query_timeout: timeouts.statementMs + clientTimeoutMarginMs(timeouts.statementMs),
    idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
    keepAlive: true,
  });
  watchConnections(pool);
  // Fail at start-up with a clear message rather than on the first request.
  const probe = await pool.connect();
  probe.release();
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  releaseOnEveryPath(db, pool);
  return {
    db,
    kind: 'postgres',
    async migrate() {
      // Its own connection without time-outs: a migration may rightly take long, and several
      // processes starting together wait for each other on an advisory lock.
      const conn = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeouts.connectMs });
      conn.on('error', (err) => process.emitWarning(`PostgreSQL migration connection lost: ${err.message}`));
      await conn.connect();
      try {
        await conn.query('select pg_advisory_lock(7240117)');
        await migratePg(drizzlePg(conn, { schema }) as never, { migrationsFolder: MIGRATIONS_DIR });
      } finally {
        await conn.query('select pg_advisory_unlock(7240117)').catch(() => undefined);
        await conn.end().catch(() => undefined);
      }
    },
    close: () => pool.end(),
  };
}

/**
 * A connection can be cut at any moment (restart, failover, network). node-postgres then emits
 * 'error' on its client, and an 'error' event nobody listens to kills the process; the pool
 * listens on idle clients only, so every client gets its own listener for its whole life. The
 * query in flight fails on its own (the request answers 503) and the pool replaces the client.
 */
function watchConnections(pool: pg.Pool) {
  let lastWarning = 0;
  const warn = (err: Error) => {
    // One line a second at most: a cut pool fails all its clients at once.
    if (Date.now() - lastWarning < 1000) return;
    lastWarning = Date.now();
    process.emitWarning(`PostgreSQL connection lost: ${err.message}`);
  };
  pool.on('error', warn);
  pool.on('connect', (client) => client.on('error', warn));
}

/**
 * Drizzle's node-postgres transaction() releases its client in a `finally` that does not cover
 * its BEGIN: a connection cut or timed out at BEGIN leaks the client, and enough such leaks
 * exhaust the pool for good. This replacement releases on every path, and hands a client back
 * as broken (so the pool discards it) when the connection failed or a statement is still
 * outstanding on it (the client-side time-out gave up on a silent server). When ROLLBACK itself
 * fails the connection is gone (and the transaction with it): the original error is the one thrown.
 */
function releaseOnEveryPath(db: Db, pool: pg.Pool) {
  const session = (db as unknown as { session: NodePgSession<Schema, never> }).session;
  type Parts = ConstructorParameters<typeof NodePgSession<Schema, never>>;
  const { dialect, schema: relations, options } = session as unknown as { dialect: Parts[1]; schema: Parts[2]; options: Parts[3] };
  session.transaction = async function transaction<T>(body: (tx: NodePgTransaction<Schema, never>) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    const tx = new NodePgTransaction<Schema, never>(dialect, new NodePgSession(client, dialect, relations, options), relations);
    let broken: Error | undefined;
    try {
      await tx.execute(sql`begin`);
      try {
        const result = await body(tx);
        await tx.execute(sql`commit`);
        return result;
      } catch (err) {
        await tx.execute(sql`rollback`).catch((rollbackErr: Error) => (broken = rollbackErr));
        throw err;
      }
    } catch (err) {
      if (isDatabaseUnavailable(err)) broken ??= err as Error;
      throw err;
    } finally {
      // node-postgres has no public way to ask; _activeQuery is what its own end() looks at.
      const stuck = (client as unknown as { _activeQuery?: unknown })._activeQuery;
      client.release(broken ?? (stuck ? new Error('a statement is still outstanding') : undefined));
    }
  } as NodePgSession<Schema, never>["transaction"];
}
