/**
 * Pushing an inbound lead to HubSpot as a contact, through the durable queue: the job is enqueued
 * in the lead's own transaction, and retried on 429/5xx (Retry-After respected), never on other 4xx.
 */
import { and, eq } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import type { SecretBox } from '../../crypto/secret-box.ts';
import type { Db, Tx } from '../../db/client.ts';
import { leads } from '../../db/schema/index.ts';
import { enqueueJobs } from '../../jobs/queue.ts';
import { companyContext, PermanentFailure, type JobHandler } from '../../jobs/handler.ts';
import type { LeadRow } from '../../leads/mapping.ts';
import { upsertContact, type ContactProperties } from './client.ts';
import { hubspotToken } from './settings.ts';

export const HUBSPOT_PUSH_JOB = 'hubspot.push';
const ATTEMPTS = 6;
const STANDARD = ['email', 'firstname', 'lastname', 'phone'];

/** Enqueues a push of this lead, in the caller's transaction. Leads without an email cannot be matched, so are skipped. */
export async function enqueueHubspotPush(tx: Tx, lead: Pick<LeadRow, 'id' | 'companyId' | 'email'>): Promise<boolean> {
  if (!lead.email) return false;
  await enqueueJobs(tx, [{ kind: HUBSPOT_PUSH_JOB, companyId: lead.companyId, payload: { lead_id: lead.id }, maxAttempts: ATTEMPTS }]);
  return true;
}

/**
 * The contact's properties. The naybourhood_* score properties must exist in the HubSpot portal
 * (Settings → Properties); when they do not, the push falls back to the standard ones. Pure.
 */
export function contactProperties(lead: LeadRow): ContactProperties {
  const [first, ...rest] = lead.fullName.trim().split(/\s+/);
  const props: ContactProperties = {
    email: lead.email ?? '',
    firstname: first ?? '',
    lastname: rest.join(' '),
    phone: lead.phone ?? '',
    naybourhood_buyer_id: lead.id,
    naybourhood_quality_score: String(lead.qualityScore),
    naybourhood_intent_score: String(lead.intentScore),
    naybourhood_confidence_score: String(lead.confidenceScore),
    naybourhood_classification: lead.classification,
    naybourhood_call_priority: String(lead.callPriority),
  };
  // Empty values would blank what HubSpot already knows.
  for (const [k, v] of Object.entries(props)) if (v === '') delete props[k];
  return props;
}

export interface HubspotPushDeps {
  config: Pick<Config, 'hubspotApiBaseUrl' | 'webhookTimeoutMs' | 'webhookRetryBaseMs' | 'sessionSecret'>;
  secretBox?: () => Promise<SecretBox>;
}

export function hubspotPushHandler(deps: HubspotPushDeps): JobHandler {
  return {
    kind: HUBSPOT_PUSH_JOB,
    // 429 and 5xx are retried (a Retry-After honoured up to an hour); other 4xx are final.
    retry: { maxAttempts: ATTEMPTS, baseMs: deps.config.webhookRetryBaseMs, factor: 4, maxDelayMs: 3_600_000 },
    async run(job, jobCtx) {
      const { db, companyId } = companyContext(jobCtx, job);
      const [lead] = await db.select().from(leads).where(and(eq(leads.id, String(job.payload.lead_id)), eq(leads.companyId, companyId)));
      if (!lead?.email) throw new PermanentFailure('lead not found or has no email');
      const token = await hubspotToken(db, deps.config, companyId);
      if (!token) throw new PermanentFailure('HubSpot is no longer enabled for this company');
      const client = { baseUrl: deps.config.hubspotApiBaseUrl, token, timeoutMs: deps.config.webhookTimeoutMs };
      const props = contactProperties(lead);
      try {
        await upsertContact(client, props);
      } catch (err) {
        if (!(err instanceof PermanentFailure && err.message.includes('PROPERTY_DOESNT_EXIST'))) throw err;
        await upsertContact(client, Object.fromEntries(Object.entries(props).filter(([k]) => STANDARD.includes(k))));
      }
    },
  };
}
