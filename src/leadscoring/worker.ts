/**
 * The Lead Scoring worker: processes queued Typeform submissions and sends CAPI events. Listed in
 * src/jobs/index.ts so `serve` runs it; tests build it with short time-outs and retry delays.
 */
import type { Config } from '../config.ts';
import { systemContext } from '../context/context.ts';
import type { Database } from '../db/client.ts';
import type { Worker } from '../jobs/index.ts';
import { retryDelayMs, type RetryPolicy } from '../jobs/retry.ts';
import { createJobWorker, RetryLater, type JobHandler } from '../jobs/worker.ts';
import { sendCapiEvent } from './capi/sender.ts';
import { CAPI_RETRY, PROCESS_RETRY, PROCESS_SUBMISSION, SEND_CAPI_EVENT, type ProcessPayload } from './jobs.ts';
import { processSubmission } from './process.ts';
import { createProviders } from './providers/index.ts';
import type { HttpProviderOptions } from './providers/http.ts';

export interface LeadScoringWorkerOptions {
  providers?: Partial<HttpProviderOptions>;
  capiTimeoutMs?: number;
  processRetry?: RetryPolicy;
  capiRetry?: RetryPolicy;
  pollMs?: number;
}

export function createLeadScoringWorker(
  deps: { config: Config; database: Database },
  opts: LeadScoringWorkerOptions = {},
): Worker & { runOnce(): Promise<number> } {
  const db = deps.database.db;
  const providers = createProviders(deps.config, opts.providers);
  const delay = (policy: RetryPolicy): JobHandler['retryDelay'] => (job, err) =>
    retryDelayMs(policy, job.attempts, Math.random(), err instanceof RetryLater ? err.retryInMs : undefined);

  const handlers: JobHandler[] = [
    {
      kind: PROCESS_SUBMISSION,
      run: (job) => processSubmission(systemContext(db, job.companyId!, 'leadscoring'), providers, job.payload as unknown as ProcessPayload),
      retryDelay: delay(opts.processRetry ?? PROCESS_RETRY),
    },
    {
      kind: SEND_CAPI_EVENT,
      run: (job) => sendCapiEvent(db, deps.config, job, { timeoutMs: opts.capiTimeoutMs ?? 1500 }),
      retryDelay: delay(opts.capiRetry ?? CAPI_RETRY),
    },
  ];
  return createJobWorker({ name: 'leadscoring', db, handlers, pollMs: opts.pollMs });
}
