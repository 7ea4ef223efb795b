/**
 * A fresh, migrated database for each test file: PGlite in memory by default, or a brand-new
 * PostgreSQL database when TEST_DATABASE_URL is set. No test sees another file's rows.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { MIGRATIONS_DIR, openDatabase, type Database } from '../../src/db/client.ts';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;
export const REDIS_URL = process.env.REDIS_URL || undefined;
const CACHE_DIR = path.resolve('.tmp');

// CI sets this so that tests needing PostgreSQL or Redis can never be skipped there by accident.
if (process.env.REQUIRE_EXTERNAL_SERVICES && (!TEST_DATABASE_URL || !REDIS_URL)) {
  throw new Error('REQUIRE_EXTERNAL_SERVICES is set but TEST_DATABASE_URL or REDIS_URL is missing');
}

export interface TestDatabase extends Database {
  /** The connection string of this file's own PostgreSQL database (undefined on PGlite). */
  url?: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  return TEST_DATABASE_URL ? freshPostgres(TEST_DATABASE_URL) : freshPglite();
}

async function freshPostgres(adminUrl: string): Promise<TestDatabase> {
  const name = `nb_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (c) => c.query(`create database ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString(), maxConnections: 5 });
  await database.migrate();
  let closed = false;
  const close = async () => {
    if (!closed) await database.close();
    closed = true;
  };
  return {
    ...database,
    url: url.toString(),
    close,
    async drop() {
      await close();
      await withAdmin(adminUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}

/** Migrating PGlite from scratch takes seconds; loading a migrated snapshot takes a fraction. */
async function freshPglite(): Promise<TestDatabase> {
  const template = await pgliteTemplate();
  const database = await openDatabase({ kind: 'pglite-memory', loadDataDir: template });
  let closed = false;
  const close = async () => {
    if (!closed) await database.close();
    closed = true;
  };
  return { ...database, close, drop: close };
}

async function pgliteTemplate(): Promise<Blob> {
  const file = path.join(CACHE_DIR, `pglite-template-${migrationsHash()}.tar`);
  if (!fs.existsSync(file)) {
    const database = await openDatabase({ kind: 'pglite-memory' });
    await database.migrate();
    const dump = await database.dumpDataDir!();
    await database.close();
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const tmp = `${file}.${process.pid}`;
    fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(tmp, file); // atomic: parallel test files never read a half-written snapshot
  }
  return new Blob([fs.readFileSync(file)]);
}

function migrationsHash(): string {
  const hash = createHash('sha256');
  for (const f of fs.readdirSync(MIGRATIONS_DIR).sort()) {
    const p = path.join(MIGRATIONS_DIR, f);
    if (fs.statSync(p).isFile()) hash.update(f).update(fs.readFileSync(p));
  }
  return hash.digest('hex').slice(0, 16);
}

async function withAdmin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
