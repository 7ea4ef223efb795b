/**
 * A worker loop: claims due jobs of the kinds it has handlers for, runs them concurrently, and
 * records the outcome. Idle, it polls every `pollMs`; busy, it refills slots as jobs finish.
 */
import { randomUUID } from 'node:crypto';
import { batched } from '../db/batched.ts';
import type { Db } from '../db/client.ts';
import { PermanentFailure, RetryLater, type JobContext, type JobHandler, type Worker } from './handler.ts';
import { claimJobs, completeJobs, failJob, type Job } from './queue.ts';
import { retryDelayMs } from './retry.ts';

export interface JobWorkerOptions {
  name: string;
  db: Db;
  handlers: JobHandler[];
  concurrency?: number;
  pollMs?: number;
  /** Must exceed the longest a job can take; after it a crashed worker's job is taken again. */
  leaseMs?: number;
  log?: (msg: string, extra?: Record<string, unknown>) => void;
  /** The retry jitter's source; tests fix it. */
  random?: () => number;
}

export function createJobWorker(opts: JobWorkerOptions): Worker & { runOnce(): Promise<number>; wake(): void } {
  const byKind = new Map(opts.handlers.map((h) => [h.kind, h]));
  const workerId = `${opts.name}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const concurrency = opts.concurrency ?? 16;
  const pollMs = opts.pollMs ?? 50;
  const leaseMs = opts.leaseMs ?? 60_000;
  const log = opts.log ?? (() => undefined);
  const random = opts.random ?? Math.random;
  const actor = { kind: 'system', worker: opts.name } as const;
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  /** A wake-up that came while the loop was busy: the next idle wait is skipped, not lost. */
  let woken = false;
  // Jobs finishing close together are marked done in one statement; each still waits for its own.
  const complete = batched(async (done: Job[]) => {
    await completeJobs(opts.db, done);
    return done.map(() => undefined);
  });

  /**
   * The one place a failed attempt's next try is decided: never after the last attempt or a
   * permanent failure; otherwise the handler's policy, stretched to a Retry-After within its bound.
   */
  const nextTry = (handler: JobHandler, job: Job, retryAfterMs?: number) =>
    job.attempts >= job.maxAttempts ? null : retryDelayMs(handler.retry, job.attempts, random(), retryAfterMs);

  async function runJob(job: Job) {
    const handler = byKind.get(job.kind)!;
    // A delay the handler asked about (to record it) is the one applied: decided once.
    let planned: { delay: number | null } | undefined;
    const ctx: JobContext = {
      db: opts.db,
      actor,
      retryDelayMs: (retryAfterMs) => (planned ??= { delay: nextTry(handler, job, retryAfterMs) }).delay,
    };
    try {
      await handler.run(job, ctx);
      await complete(job);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const delay = err instanceof PermanentFailure ? null
        : planned ? planned.delay
        : nextTry(handler, job, err instanceof RetryLater ? err.retryAfterMs : undefined);
      try {
        const outcome = await failJob(opts.db, job, message, delay);
        log(`job ${job.kind} ${outcome}`, { jobId: job.id, attempt: job.attempts, error: message });
      } catch (recordErr) {
        // The database is unreachable: the job's lease runs out and it is taken again later.
        log('job outcome not recorded', { jobId: job.id, error: (recordErr as Error).message });
      }
    }
  }

  const kinds = [...byKind.keys()];
  const claim = (limit: number) => claimJobs(opts.db, { kinds, limit, leaseMs, workerId });

  /** Claims and runs one batch; returns how many jobs it ran (tests and drains step with it). */
  async function runOnce(): Promise<number> {
    const batch = await claim(concurrency);
    await Promise.all(batch.map(runJob));
    return batch.length;
  }

  /** Resolves after `pollMs`, or at once when woken (now, or since the last wait). */
  function idle(): Promise<void> {
    if (woken) {
      woken = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wake = undefined;
        resolve();
      }, pollMs);
      wake = () => {
        wake = undefined;
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /**
   * Keeps up to `concurrency` jobs running: slots freed by finished jobs are refilled in one claim
   * once half of them are free, so a slow job (a customer endpoint taking its full time-out)
   * holds one slot, not the whole batch. With nothing due, it waits `pollMs` between claims.
   */
  async function run() {
    const active = new Set<Promise<void>>();
    const start = (job: Job) => {
      const done: Promise<void> = runJob(job).finally(() => active.delete(done));
      active.add(done);
    };
    while (running) {
      const free = concurrency - active.size;
      let claimed = 0;
      try {
        const batch = await claim(free);
        batch.forEach(start);
        claimed = batch.length;
      } catch (err) {
        log('job claim failed', { error: (err as Error).message });
      }
      if (!running) break;
      // Drained for now: poll again later, or sooner when woken (new work was just enqueued).
      if (claimed < free) await idle();
      while (running && active.size > concurrency / 2) await Promise.race(active);
    }
    await Promise.all(active);
  }

  return {
    name: opts.name,
    runOnce,
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    /** Ends an idle wait at once, e.g. when the caller has just enqueued work. */
    wake() {
      if (wake) wake();
      else woken = true;
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
  };
}
