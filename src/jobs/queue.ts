/**
 * The durable job queue over the `jobs` table: enqueue inside a transaction, claim with
 * FOR UPDATE SKIP LOCKED (so concurrent workers never take the same job), finish or reschedule.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
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

/** Adds jobs in the caller's transaction. A job whose (kind, dedupeKey) exists is skipped. */
export async function enqueueJobs(tx: Tx | Db, newJobs: NewJob[]): Promise<number> {
  if (newJobs.length === 0) return 0;
  const inserted = await tx
    .insert(jobs)
    .values(
      newJobs.map((j) => ({
        id: randomUUID(),
        kind: j.kind,
        companyId: j.companyId ?? null,
        payload: j.payload,
        maxAttempts: j.maxAttempts,
        runAt: j.runAt,
        dedupeKey: j.dedupeKey,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: jobs.id });
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

/** Prepared once per database: finishing a job is the hottest statement of every worker. */
const completeStatements = new WeakMap<Db, ReturnType<typeof prepareComplete>>();

function prepareComplete(db: Db) {
  return db
    .update(jobs)
    .set({ status: 'succeeded', finishedAt: sql`now()`, lastError: null })
    .where(and(eq(jobs.id, sql.placeholder('id')), eq(jobs.lockedBy, sql.placeholder('lockedBy')), eq(jobs.attempts, sql.placeholder('attempts'))))
    .prepare('complete_job');
}

/** Marks a claimed job done. Only the worker holding the lease may finish it. */
export async function completeJob(db: Db, job: Job): Promise<void> {
  let statement = completeStatements.get(db);
  if (!statement) completeStatements.set(db, (statement = prepareComplete(db)));
  await statement.execute({ id: job.id, lockedBy: job.lockedBy!, attempts: job.attempts });
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
