/**
 * The durable job queue over the `jobs` table: enqueue inside a transaction, claim with
 * FOR UPDATE SKIP LOCKED (so concurrent workers never take the same job), finish or reschedule.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../db/client.ts';
import { jobs } from '../db/schema/index.ts';

export type Job = typeof jobs.$inferSelect;

export interface NewJob {
  kind: string;
  companyId?: string | null;
  payload: Record<string, unknown>;
  maxAttempts: number;
  runAt?: Date;
  dedupeKey?: string;
}

/**
 * Adds jobs in the caller's transaction; returns how many were added. A job whose (kind, dedupeKey)
 * exists is skipped. The rows travel as one JSON parameter: building a multi-row VALUES through
 * Drizzle cost more JavaScript than the rest of a fan-out batch (see src/db/bulk-insert.ts).
 */
export async function enqueueJobs(tx: Tx | Db, newJobs: NewJob[]): Promise<number> {
  if (newJobs.length === 0) return 0;
  const rows = JSON.stringify(
    newJobs.map((j) => ({
      id: randomUUID(),
      kind: j.kind,
      company_id: j.companyId ?? null,
      payload: j.payload,
      max_attempts: j.maxAttempts,
      run_at: j.runAt ?? null,
      dedupe_key: j.dedupeKey ?? null,
    })),
  );
  const inserted = await queryRows(tx, sql`insert into ${jobs} (id, kind, company_id, payload, max_attempts, run_at, dedupe_key)
    select id, kind, company_id, payload, max_attempts, coalesce(run_at, now()), dedupe_key
    from json_to_recordset(${rows}::json)
      as j(id uuid, kind text, company_id uuid, payload jsonb, max_attempts integer, run_at timestamptz, dedupe_key text)
    on conflict do nothing
    returning id`);
  return inserted.length;
}

/**
 * Takes up to `limit` due jobs of the given kinds and leases them to `workerId` for `leaseMs`.
 * Each claim counts as an attempt.
 */
export async function claimJobs(db: Db, opts: { kinds: string[]; limit: number; leaseMs: number; workerId: string }): Promise<Job[]> {
  if (opts.kinds.length === 0) return [];
  const due = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.status, 'pending'), lte(jobs.runAt, sql`now()`), inArray(jobs.kind, opts.kinds)))
    .orderBy(jobs.runAt)
    .limit(opts.limit)
    .for('update', { skipLocked: true });
  // One statement: lock the due rows no other worker holds, lease them, and return them whole.
  return db
    .update(jobs)
    .set({
      runAt: sql`now() + ${`${opts.leaseMs} milliseconds`}::interval`,
      attempts: sql`${jobs.attempts} + 1`,
      lockedBy: opts.workerId,
    })
    .where(inArray(jobs.id, due))
    .returning();
}

/**
 * Marks claimed jobs done, in one statement however many there are (the worker batches its
 * completions: finishing jobs is its hottest statement). Only the worker holding a job's lease,
 * on the same attempt, may finish it.
 */
export async function completeJobs(db: Db, done: Pick<Job, 'id' | 'lockedBy' | 'attempts'>[]): Promise<void> {
  if (done.length === 0) return;
  const rows = JSON.stringify(done.map((j) => ({ id: j.id, locked_by: j.lockedBy, attempts: j.attempts })));
  await db.execute(sql`update ${jobs} set status = 'succeeded', finished_at = now(), last_error = null
    from json_to_recordset(${rows}::json) as done(id uuid, locked_by text, attempts integer)
    where ${jobs.id} = done.id and ${jobs.lockedBy} = done.locked_by and ${jobs.attempts} = done.attempts`);
}

/** Reschedules a failed attempt, or gives up when attempts are used up or the failure is final. */
export async function failJob(db: Db, job: Job, error: string, retryInMs: number | null): Promise<'retrying' | 'failed'> {
  const giveUp = retryInMs === null || job.attempts >= job.maxAttempts;
  await db
    .update(jobs)
    .set(
      giveUp
        ? { status: 'failed', finishedAt: sql`now()`, lastError: error.slice(0, 2000) }
        : { runAt: sql`now() + ${`${retryInMs} milliseconds`}::interval`, lastError: error.slice(0, 2000), lockedBy: null },
    )
    .where(and(eq(jobs.id, job.id), eq(jobs.lockedBy, job.lockedBy!), eq(jobs.attempts, job.attempts)));
  return giveUp ? 'failed' : 'retrying';
}
