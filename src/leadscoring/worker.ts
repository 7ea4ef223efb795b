/**
 * The Lead Scoring worker: processes queued Typeform submissions and sends CAPI events. Listed in
 * src/workers/index.ts so `serve` runs it; tests build it with short time-outs and retry delays.
 */
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { companyContext, type JobHandler, type Worker } from '../jobs/handler.ts';
import type { RetryPolicy } from '../jobs/retry.ts';
import { createJobWorker } from '../jobs/worker.ts';
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
  const handlers: JobHandler[] = [
    {
      kind: PROCESS_SUBMISSION,
      retry: opts.processRetry ?? PROCESS_RETRY,
      run: (job, ctx) => processSubmission(companyContext(ctx, job), providers, job.payload as unknown as ProcessPayload),
    },
    {
      kind: SEND_CAPI_EVENT,
      retry: opts.capiRetry ?? CAPI_RETRY,
      run: (job, ctx) => sendCapiEvent(companyContext(ctx, job), deps.config, job, { timeoutMs: opts.capiTimeoutMs ?? 1500 }),
    },
  ];
  return createJobWorker({ name: 'leadscoring', db, handlers, pollMs: opts.pollMs });
}
