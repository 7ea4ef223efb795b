/** The two background jobs of Lead Scoring, and how they are put on the durable queue. */
import type { Db, Tx } from '../db/client.ts';
import { enqueueJobs } from '../jobs/queue.ts';
import type { RetryPolicy } from '../jobs/retry.ts';

export const PROCESS_SUBMISSION = 'leadscoring.process';
export const SEND_CAPI_EVENT = 'leadscoring.capi';

export interface ProcessPayload {
  delivery: Record<string, unknown>;
  received_at: string;
}

export interface CapiPayload {
  result_id: string;
  trigger: 'auto' | 'manual';
  /** Fixed when the event is decided, so every retry sends the same event_time. */
  event_time: number;
}

/** Processing calls providers that may be down: a few spaced tries, then the job is failed. */
export const PROCESS_RETRY: RetryPolicy = { maxAttempts: 5, baseMs: 5_000, factor: 4, maxDelayMs: 10 * 60_000 };

/**
 * Meta accepts events up to 7 days old; six tries over about an hour stay far inside that,
 * and Meta drops duplicates by event_id, so a retry after a lost answer is harmless.
 */
export const CAPI_RETRY: RetryPolicy = { maxAttempts: 6, baseMs: 30_000, factor: 3, maxDelayMs: 60 * 60_000 };

/** Returns false when this submission was already queued (a replay). */
export async function enqueueSubmission(db: Db | Tx, companyId: string, dedupeKey: string, payload: ProcessPayload): Promise<boolean> {
  const added = await enqueueJobs(db, [
    { kind: PROCESS_SUBMISSION, companyId, payload: { ...payload }, maxAttempts: PROCESS_RETRY.maxAttempts, dedupeKey: `${companyId}:${dedupeKey}` },
  ]);
  return added === 1;
}

export async function enqueueCapiEvent(db: Db | Tx, companyId: string, payload: CapiPayload, dedupeKey?: string): Promise<void> {
  await enqueueJobs(db, [
    { kind: SEND_CAPI_EVENT, companyId, payload: { ...payload }, maxAttempts: CAPI_RETRY.maxAttempts, dedupeKey },
  ]);
}
