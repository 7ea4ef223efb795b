/**
 * PGlite runs PostgreSQL inside this process without its autovacuum, so on the embedded database
 * nothing refreshed the planner's statistics or cleared dead rows. A leads table that was never
 * analysed looks empty to the planner: the lead list sorted the whole company instead of reading
 * 20 index entries (5.5 ms against 0.3 ms at 2,000 leads, and growing with every lead), and the
 * job queue's churn stayed as dead rows. This does autovacuum's job on PGlite, table by table,
 * with PostgreSQL's own default thresholds. On PostgreSQL autovacuum does it, so this never runs.
 */
import { sql } from 'drizzle-orm';
import type { Config } from '../config.ts';
import type { Worker } from '../jobs/handler.ts';
import { workerLog } from '../jobs/log.ts';
import { queryRows, type Database, type Db } from './client.ts';

/** How often the statistics are looked at; the look is one small catalogue query. */
export const UPKEEP_EVERY_MS = 60_000;

// PostgreSQL's defaults: autovacuum_{vacuum,analyze}_threshold 50, scale factors 0.2 and 0.1.
const VACUUM_BASE = 50;
const VACUUM_SCALE = 0.2;
const ANALYZE_BASE = 50;
const ANALYZE_SCALE = 0.1;

export interface UpkeepDone {
  vacuumed: string[];
  analyzed: string[];
}

/** Vacuums and analyses the tables past autovacuum's thresholds; returns what it did. */
export async function runUpkeep(db: Db): Promise<UpkeepDone> {
  const due = await queryRows<{ table: string; vacuum: boolean; analyze: boolean }>(db, sql`
    select s.relname as "table",
           s.n_dead_tup > ${VACUUM_BASE} + ${VACUUM_SCALE} * greatest(c.reltuples, 0) as vacuum,
           s.n_mod_since_analyze > ${ANALYZE_BASE} + ${ANALYZE_SCALE} * greatest(c.reltuples, 0)
             or (c.reltuples < 0 and s.n_live_tup > 0) as analyze
      from pg_stat_user_tables s join pg_class c on c.oid = s.relid
     where s.schemaname = 'public'
     order by s.relname`);
  const done: UpkeepDone = { vacuumed: [], analyzed: [] };
  for (const { table, vacuum, analyze } of due) {
    if (vacuum) {
      await db.execute(sql`vacuum (analyze) ${sql.identifier(table)}`);
      done.vacuumed.push(table);
    } else if (analyze) {
      await db.execute(sql`analyze ${sql.identifier(table)}`);
      done.analyzed.push(table);
    }
  }
  return done;
}

/** The embedded database's upkeep as a worker: a timer on PGlite, nothing on PostgreSQL. */
export function createUpkeepWorker({ config, database }: { config: Config; database: Database }): Worker {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  const { warn } = workerLog(config, 'upkeep');
  const tick = () => {
    running ??= runUpkeep(database.db)
      .catch((err) => warn('database upkeep failed', { error: (err as Error).message }))
      .finally(() => (running = undefined));
  };
  return {
    name: database.kind === 'pglite' ? 'embedded database upkeep (vacuum, analyze)' : 'database upkeep (left to autovacuum)',
    start() {
      if (database.kind !== 'pglite' || timer) return;
      tick();
      timer = setInterval(tick, UPKEEP_EVERY_MS);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
