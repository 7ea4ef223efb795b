/**
 * The Lead Scoring API's rules. Routes call exactly one of these.
 * The webhook only checks and queues: scoring happens in a durable job (./process.ts), so a 200
 * means the submission is committed, whatever happens to this process next.
 */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Context, Tenant } from '../context/context.ts';
import type { Db } from '../db/client.ts';
import { leadScoringResults } from '../db/schema/index.ts';
import { isUuid } from '../ids.ts';
import { mapSubmission } from './answers.ts';
import { clientDataNotFound, clientIdRequired, missingData, signatureInvalid, signatureMissing, wrongEventType } from './errors.ts';
import { enqueueCapiEvent, enqueueSubmission } from './jobs.ts';
import { passesCapiThresholds } from './probabilities.ts';
import {
  loadSettings, publicSettings, requireClient, requireOwnClient, resultSettings, updateSettings, type LeadScoringSettings, type SettingsUpdate,
} from './settings.ts';
import { verifyTypeformSignature } from './signature.ts';
import type { FormResponse } from './typeform.ts';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface TypeformDeliveryRequest {
  rawBody: Buffer;
  body: unknown;
  signature: string | undefined;
}

/**
 * Checks a Typeform delivery in the seed's order (event type, client id, client, signature,
 * required data) and queues it. A replay (same response token, else the same event id, else the
 * same bytes) is answered like the first delivery but queues nothing.
 */
export async function receiveTypeformDelivery(db: Db, req: TypeformDeliveryRequest): Promise<'queued' | 'replay'> {
  const delivery = isObject(req.body) ? req.body : {};
  if (delivery.event_type !== 'form_response') throw wrongEventType();
  const response: FormResponse = isObject(delivery.form_response) ? delivery.form_response : {};
  const clientId = isObject(response.hidden) ? response.hidden.client_id : undefined;
  if (typeof clientId !== 'string' || !isUuid(clientId.trim())) throw clientIdRequired();
  const companyId = clientId.trim().toLowerCase();
  await requireClient(db, companyId);

  const settings = await loadSettings(db, companyId);
  if (settings.typeform_secret !== null) {
    if (!req.signature) throw signatureMissing();
    if (!verifyTypeformSignature(settings.typeform_secret, req.rawBody, req.signature)) throw signatureInvalid();
  }
  const { missing } = mapSubmission(response, settings.field_mapping);
  if (missing.length > 0) throw missingData(missing);

  const replayKey = typeof response.token === 'string' && response.token ? `token:${response.token}`
    : typeof delivery.event_id === 'string' && delivery.event_id ? `event:${delivery.event_id}`
    : `body:${createHash('sha256').update(req.rawBody).digest('hex')}`;
  const queued = await enqueueSubmission(db, companyId, replayKey, { delivery, received_at: new Date().toISOString() });
  return queued ? 'queued' : 'replay';
}

/** GET /leadscoring: the stored result for (client, email), or null; the client's settings. */
export async function getScoringResult(tenant: Tenant, clientId: string, email: string) {
  await requireOwnClient(tenant, clientId);
  const [row] = await findResult(tenant, email);
  if (!row) return null;
  const settings = await loadSettings(tenant.db, tenant.companyId);
  return {
    email: row.email,
    value: {
      p_fin: row.pFin,
      p_show: row.pShow,
      p_sql: row.pSql,
      sal: row.sal,
      sal_rating: row.salRating,
      p_show_ai: row.pShowAi,
      p_close_ai: row.pCloseAi,
      p_finq_ai: row.pFinqAi,
      p_intent_ai: row.pIntentAi,
      state_residence: row.stateResidence,
      rotator: row.rotator,
    },
    settings: resultSettings(settings),
    providers: row.providers,
    lead_id: row.leadId,
    scored_at: row.updatedAt,
  };
}

/**
 * POST /fire-capi-event: "success" once the event is durably queued for Meta (the worker sends
 * and retries it), "failed" when the thresholds or the pixel configuration do not allow it.
 */
export async function fireCapiEvent(ctx: Context, clientId: string, email: string): Promise<'success' | 'failed'> {
  await requireOwnClient(ctx, clientId);
  const [row] = await findResult(ctx, email);
  if (!row) throw clientDataNotFound();
  const settings = await loadSettings(ctx.db, ctx.companyId);
  if (!capiAllowed(row, settings)) return 'failed';
  await enqueueCapiEvent(ctx.db, ctx.companyId, { result_id: row.id, trigger: 'manual', event_time: Math.floor(Date.now() / 1000) });
  return 'success';
}

/** GET /settings/:client_id: the caller's own settings, secrets left out. */
export async function getClientSettings(tenant: Tenant, clientId: string) {
  await requireOwnClient(tenant, clientId);
  return publicSettings(await loadSettings(tenant.db, tenant.companyId));
}

/** PUT /settings/:client_id: changes the caller's own settings. */
export async function updateClientSettings(ctx: Context, clientId: string, update: SettingsUpdate) {
  await requireOwnClient(ctx, clientId);
  return publicSettings(await updateSettings(ctx.db, ctx.companyId, update));
}

export function capiAllowed(p: { pFin: number; pShow: number }, s: LeadScoringSettings): boolean {
  return Boolean(s.pixel_id && s.access_token) && passesCapiThresholds({ p_fin: p.pFin, p_show: p.pShow }, s);
}

function findResult(tenant: Tenant, email: string) {
  return tenant.db
    .select()
    .from(leadScoringResults)
    .where(and(eq(leadScoringResults.companyId, tenant.companyId), eq(leadScoringResults.email, email.trim().toLowerCase())));
}
