/**
 * The Lead Scoring API's rules (the contract Typeform integrators were given). Routes call exactly one of these.
 * The webhook only checks and queues: scoring happens in a durable job (./process.ts), so a 200
 * means the submission is committed, whatever happens to this process next.
 */
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Context, Tenant } from '../context/context.ts';
import { queryRows, type Db, type Tx } from '../db/client.ts';
import { leadScoringResults } from '../db/schema/index.ts';
import { compileItemValidator } from '../http/validation.ts';
import { isUuid } from '../ids.ts';
import { mapSubmission } from './answers.ts';
import {
  clientDataNotFound, clientIdRequired, deliveryOverLimits, leadOverLimits, missingData, signatureInvalid, signatureMissing,
  SubmissionLimitReached, wrongEventType,
} from './errors.ts';
import { enqueueCapiEvent, enqueueSubmission } from './jobs.ts';
import { toLeadInput, typeformLeadProblems } from './lead-input.ts';
import { TypeformDelivery } from './schemas.ts';
import { passesCapiThresholds } from './probabilities.ts';
import {
  loadSettings, publicSettings, requireClient, requireOwnClient, resultSettings, settingsSecretContext, updateSettings, type LeadScoringSettings, type SettingsUpdate,
} from './settings.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { verifyTypeformSignature } from './signature.ts';
import type { FormResponse } from './typeform.ts';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface TypeformDeliveryRequest {
  rawBody: Buffer;
  body: unknown;
  signature: string | undefined;
}

const deliveryProblems = compileItemValidator(TypeformDelivery);

/**
 * Checks a Typeform delivery and queues it: first its size limits (before any text is matched or
 * row read), then the contract's order (event type, client id, client, signature, required data), then
 * the lead it makes against the lead schema, then the client's hourly cap. A replay (same response
 * token, else the same event id, else the same bytes) is answered like the first delivery but
 * queues nothing and does not count towards the cap.
 */
export async function receiveTypeformDelivery(db: Db, req: TypeformDeliveryRequest, secretBox: () => Promise<SecretBox>): Promise<'queued' | 'replay'> {
  const overLimits = deliveryProblems(req.body);
  if (overLimits) throw deliveryOverLimits(overLimits.slice(0, 10));
  const delivery = isObject(req.body) ? req.body : {};
  if (delivery.event_type !== 'form_response') throw wrongEventType();
  const response: FormResponse = isObject(delivery.form_response) ? delivery.form_response : {};
  const clientId = isObject(response.hidden) ? response.hidden.client_id : undefined;
  if (typeof clientId !== 'string' || !isUuid(clientId.trim())) throw clientIdRequired();
  const companyId = await requireClient(db, clientId);

  const settings = await loadSettings(db, companyId);
  if (settings.typeform_secret !== null) {
    if (!req.signature) throw signatureMissing();
    const secret = (await secretBox()).open(settings.typeform_secret, settingsSecretContext(companyId, 'typeform_secret'));
    if (!verifyTypeformSignature(secret, req.rawBody, req.signature)) throw signatureInvalid();
  } else if (settings.require_signature) {
    throw signatureMissing(); // settings refuse this state; kept so that no path accepts unsigned then
  }
  const mapped = mapSubmission(response, settings.field_mapping);
  if (mapped.missing.length > 0) throw missingData(mapped.missing);
  const leadProblems = typeformLeadProblems(toLeadInput(mapped, response, delivery));
  if (leadProblems) throw leadOverLimits(leadProblems.slice(0, 10));

  const replayKey = typeof response.token === 'string' && response.token ? `token:${response.token}`
    : typeof delivery.event_id === 'string' && delivery.event_id ? `event:${delivery.event_id}`
    : `body:${createHash('sha256').update(req.rawBody).digest('hex')}`;
  return db.transaction(async (tx) => {
    const queued = await enqueueSubmission(tx, companyId, replayKey, { delivery, received_at: new Date().toISOString() });
    if (!queued) return 'replay' as const;
    await countAccepted(tx, companyId, settings.max_submissions_per_hour);
    return 'queued' as const;
  });
}

/**
 * Counts one accepted submission in the client's current hour, in the transaction that queues it;
 * over the cap it throws, which rolls back both the job and the count (refusals never count).
 */
async function countAccepted(tx: Tx, companyId: string, limit: number): Promise<void> {
  const [row] = await queryRows<{ accepted: number; retry_after: number }>(tx, sql`
    insert into leadscoring_intake (company_id, window_started_at, accepted) values (${companyId}, now(), 1)
    on conflict (company_id) do update set
      window_started_at = case when leadscoring_intake.window_started_at <= now() - interval '1 hour' then now() else leadscoring_intake.window_started_at end,
      accepted = case when leadscoring_intake.window_started_at <= now() - interval '1 hour' then 1 else leadscoring_intake.accepted + 1 end
    returning accepted, ceil(extract(epoch from (window_started_at + interval '1 hour' - now())))::int as retry_after`);
  if (row!.accepted > limit) throw new SubmissionLimitReached(limit, Math.max(1, Number(row!.retry_after)));
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
export async function updateClientSettings(ctx: Context, box: SecretBox, clientId: string, update: SettingsUpdate) {
  await requireOwnClient(ctx, clientId);
  return publicSettings(await updateSettings(ctx.db, box, ctx.companyId, update));
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
