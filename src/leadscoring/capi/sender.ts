/**
 * Sends one Conversions API event straight to the Graph API (no SDK: its base URL is fixed and it
 * installs a process-wide crash reporter). Every attempt is recorded in capi_sends; the access
 * token and the plain PII never are. 5xx, time-outs and throttling codes are retried by the
 * queue; any other 4xx is final.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import type { Tenant } from '../../context/context.ts';
import { capiSends, leadScoringResults } from '../../db/schema/index.ts';
import type { Job } from '../../jobs/queue.ts';
import { PermanentFailure, RetryLater } from '../../jobs/handler.ts';
import type { CapiPayload } from '../jobs.ts';
import { loadSettings } from '../settings.ts';
import { capiRequestBody, capiUrl, readGraphResponse, type GraphOutcome } from './graph.ts';

export interface CapiSenderOptions {
  /** Meta's own advice is to give up on a request after 1.5 s and retry it. */
  timeoutMs: number;
}

export async function sendCapiEvent(ctx: Tenant, config: Pick<Config, 'metaGraphApiBaseUrl' | 'metaGraphApiVersion'>, job: Job, opts: CapiSenderOptions) {
  const { db, companyId } = ctx;
  const payload = job.payload as unknown as CapiPayload;
  const [result] = await db
    .select()
    .from(leadScoringResults)
    .where(and(eq(leadScoringResults.id, payload.result_id), eq(leadScoringResults.companyId, companyId)));
  if (!result) throw new PermanentFailure('The scoring result no longer exists');
  const settings = await loadSettings(db, companyId);
  if (!settings.pixel_id || !settings.access_token) throw new PermanentFailure('Meta pixel id or access token is not configured');

  const body = capiRequestBody(
    {
      eventName: settings.event_name,
      eventTime: payload.event_time,
      eventId: result.capiEventId,
      eventSourceUrl: settings.event_source_url,
      actionSource: settings.action_source,
      userData: result.capiUserData,
    },
    settings.access_token,
  );
  const started = performance.now();
  let httpStatus: number | null = null;
  let outcome: GraphOutcome;
  try {
    const res = await fetch(capiUrl(config.metaGraphApiBaseUrl, config.metaGraphApiVersion, settings.pixel_id), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
    httpStatus = res.status;
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
    outcome = readGraphResponse(res.status, parsed);
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
    outcome = { kind: 'retry', message: timedOut ? `timed out after ${opts.timeoutMs} ms` : `request failed (${e.cause?.code ?? e.message})` };
  }

  const finalAttempt = job.attempts >= job.maxAttempts;
  await db.insert(capiSends).values({
    id: randomUUID(),
    companyId,
    resultId: result.id,
    jobId: job.id,
    attempt: job.attempts,
    trigger: payload.trigger,
    eventId: result.capiEventId,
    pixelId: settings.pixel_id,
    outcome: outcome.kind === 'sent' ? 'sent' : outcome.kind === 'retry' && !finalAttempt ? 'retrying' : 'failed',
    httpStatus,
    errorCode: outcome.errorCode ?? null,
    error: outcome.message ?? null,
    eventsReceived: outcome.eventsReceived ?? null,
    fbtraceId: outcome.fbtraceId ?? null,
    durationMs: Math.round(performance.now() - started),
  });
  if (outcome.kind === 'retry') throw new RetryLater(`Meta CAPI: ${outcome.message}`);
  if (outcome.kind === 'reject') throw new PermanentFailure(`Meta CAPI refused the event: ${outcome.message}`);
}
