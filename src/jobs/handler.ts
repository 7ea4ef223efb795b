/**
 * What the job framework asks of a capability: a `JobHandler` per job kind (its run and its retry
 * policy) and a `Worker` to start and stop. The framework knows no kinds; handlers are listed at
 * the composition root (src/workers/).
 */
import type { Config } from '../config.ts';
import type { Actor } from '../context/actor.ts';
import type { Context } from '../context/context.ts';
import type { Database, Db } from '../db/client.ts';
import type { Job } from './queue.ts';
import type { RetryPolicy } from './retry.ts';

export interface Worker {
  name: string;
  start(): void;
  /** Resolves once the jobs in hand, if any, have finished; no new job starts after. */
  stop(): Promise<void>;
}

export type WorkerFactory = (deps: { config: Config; database: Database }) => Worker;

/** What a handler runs with: the worker's database and actor (`system:<worker>`). */
export interface JobContext {
  readonly db: Db;
  readonly actor: Actor;
  /**
   * The wait before the next attempt should this one fail, as the worker will apply it (null when
   * this is the last attempt); given the server's Retry-After, honoured within the policy's bounds.
   * For a handler that records when it will try again (the webhook delivery log).
   */
  retryDelayMs(retryAfterMs?: number): number | null;
}

export interface JobHandler {
  kind: string;
  /** How far apart failed attempts are retried; the worker applies it. */
  retry: RetryPolicy;
  run(job: Job, ctx: JobContext): Promise<void>;
}

/** Thrown by a handler when a retry may help; `retryAfterMs` is what the other side asked for. */
export class RetryLater extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** Thrown by a handler when retrying cannot help (e.g. a 4xx from a third party). */
export class PermanentFailure extends Error {}

/** The context a job acts in for the company it belongs to. */
export function companyContext(ctx: JobContext, job: Job): Context {
  if (!job.companyId) throw new PermanentFailure(`a ${job.kind} job needs a company`);
  return { db: ctx.db, companyId: job.companyId, actor: ctx.actor };
}
