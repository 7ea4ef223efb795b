/**
 * The learning worker: runs CSV imports and training jobs, and once an hour makes sure every company
 * with leads gets one training run a week. Listed in src/jobs/index.ts so `serve` runs it.
 */
import { sql } from 'drizzle-orm';
import type { Config } from '../config.ts';
import type { Database, Db } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import type { Worker } from '../jobs/index.ts';
import { enqueueJobs } from '../jobs/queue.ts';
import { createJobWorker, type JobHandler } from '../jobs/worker.ts';
import { IMPORT_JOB, runImport } from '../imports/service.ts';
import { TRAIN_JOB, trainCompanyModels } from './service.ts';

const RETRY_MS = 60_000;
const HOUR_MS = 3_600_000;

/** One `model.train` job per company and ISO week (deduplicated), for companies that have leads or history. */
export async function scheduleWeeklyTraining(db: Db, now = new Date()): Promise<number> {
  const week = isoWeek(now);
  const companies = await queryRows<{ id: string }>(db, sql`
    select c.id from companies c
    where exists (select 1 from leads l where l.company_id = c.id)
       or exists (select 1 from training_examples t where t.company_id = c.id)`);
  return enqueueJobs(db, companies.map((c) => ({ kind: TRAIN_JOB, companyId: c.id, payload: { scheduled: week }, maxAttempts: 3, dedupeKey: `weekly:${c.id}:${week}` })));
}

function isoWeek(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const start = Date.UTC(t.getUTCFullYear(), 0, 1);
  return `${t.getUTCFullYear()}-W${String(Math.ceil(((t.getTime() - start) / 86_400_000 + 1) / 7)).padStart(2, '0')}`;
}

export function createLearningWorker(deps: { config: Config; database: Database }, opts: { pollMs?: number; scheduleEveryMs?: number } = {}): Worker & { runOnce(): Promise<number> } {
  const db = deps.database.db;
  const retry: JobHandler['retryDelay'] = () => RETRY_MS;
  const handlers: JobHandler[] = [
    { kind: IMPORT_JOB, run: async (job) => { await runImport(db, job.companyId!, String(job.payload.import_id)); }, retryDelay: retry },
    { kind: TRAIN_JOB, run: async (job) => { await trainCompanyModels(db, job.companyId!); }, retryDelay: retry },
  ];
  // training 50,000 leads takes tens of seconds: the lease must outlast it
  const inner = createJobWorker({ name: 'learning', db, handlers, pollMs: opts.pollMs, concurrency: 1, leaseMs: 15 * 60_000 });
  let timer: NodeJS.Timeout | null = null;
  const tick = () => { scheduleWeeklyTraining(db).catch(() => undefined); };
  return {
    name: 'learning',
    runOnce: () => inner.runOnce(),
    start() {
      inner.start();
      tick();
      timer = setInterval(tick, opts.scheduleEveryMs ?? HOUR_MS);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await inner.stop();
    },
  };
}
