/**
 * A worker loop: claims due jobs of the kinds it has handlers for, runs them concurrently, and
 * records the outcome. Idle, it polls every `pollMs`; busy, it claims again at once.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { claimJobs, completeJob, failJob, type Job } from './queue.ts';
import type { Worker } from './index.ts';

/** Thrown by a handler to ask for a retry after a given delay (e.g. a server's Retry-After). */
export class RetryLater extends Error {
  constructor(
    message: string,
    readonly retryInMs?: number,
  ) {
    super(message);
  }
}

/** Thrown by a handler when retrying cannot help (e.g. a 4xx from a third party). */
export class PermanentFailure extends Error {}

export interface JobHandler {
  kind: string;
  run(job: Job): Promise<void>;
  /** The wait before the next attempt after this failure; null gives up. */
  retryDelay(job: Job, error: unknown): number | null;
}

export interface JobWorkerOptions {
  name: string;
  db: Db;
  handlers: JobHandler[];
  concurrency?: number;
  pollMs?: number;
  /** Must exceed the longest a job can take; after it a crashed worker's job is taken again. */
  leaseMs?: number;
  log?: (msg: string, extra?: Record<string, unknown>) => void;
}

export function createJobWorker(opts: JobWorkerOptions): Worker & { runOnce(): Promise<number>; wake(): void } {
  const byKind = new Map(opts.handlers.map((h) => [h.kind, h]));
  const workerId = `${opts.name}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const concurrency = opts.concurrency ?? 16;
  const pollMs = opts.pollMs ?? 50;
  const leaseMs = opts.leaseMs ?? 60_000;
  const log = opts.log ?? (() => undefined);
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  async function runJob(job: Job) {
    const handler = byKind.get(job.kind)!;
    try {
      await handler.run(job);
      await completeJob(opts.db, job);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const delay = err instanceof PermanentFailure ? null : handler.retryDelay(job, err);
      const outcome = await failJob(opts.db, job, message, delay);
      log(`job ${job.kind} ${outcome}`, { jobId: job.id, attempt: job.attempts, error: message });
    }
  }

  /** Claims and runs one batch; returns how many jobs it ran. */
  async function runOnce(): Promise<number> {
    const batch = await claimJobs(opts.db, { kinds: [...byKind.keys()], limit: concurrency, leaseMs, workerId });
    await Promise.all(batch.map(runJob));
    return batch.length;
  }

  async function run() {
    while (running) {
      let ran = 0;
      try {
        ran = await runOnce();
      } catch (err) {
        log('job claim failed', { error: (err as Error).message });
      }
      if (ran === 0 && running) await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
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
      wake?.();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
  };
}
