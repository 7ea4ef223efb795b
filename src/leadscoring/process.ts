/**
 * The background half of the Typeform webhook: answers → lead (stored and scored by the engine)
 * → Pre-FI and Form AI providers → p_fin/p_show/p_sql and rotator → result, and the CAPI event
 * queued in the same transaction when the client's thresholds allow.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Context } from '../context/context.ts';
import { leadScoringResults } from '../db/schema/index.ts';
import { toDbTimestamp } from '../db/timestamp.ts';
import { PermanentFailure } from '../jobs/handler.ts';
import { upsertLeadByEmail } from '../leads/service.ts';
import type { LeadRow } from '../leads/mapping.ts';
import type { LeadCreate } from '../leads/schemas.ts';
import { mapSubmission, type MappedSubmission } from './answers.ts';
import { hashUserData } from './capi/normalise.ts';
import { enqueueCapiEvent, type ProcessPayload } from './jobs.ts';
import { combineProbabilities, rotatorFor } from './probabilities.ts';
import type { Providers } from './providers/index.ts';
import type { ProviderLead } from './providers/contract.ts';
import { localFormAi, localPreFi } from './providers/local.ts';
import { capiAllowed } from './service.ts';
import { loadSettings } from './settings.ts';
import { resolveAnswers, type FormResponse } from './typeform.ts';

export async function processSubmission(ctx: Context, providers: Providers, payload: ProcessPayload): Promise<void> {
  const { db, companyId } = ctx;
  const delivery = payload.delivery;
  const response = (delivery.form_response ?? {}) as FormResponse;
  const settings = await loadSettings(db, companyId);
  const mapped = mapSubmission(response, settings.field_mapping);
  // The webhook checked the required data; only a mapping changed since could lose the email.
  if (!mapped.fields.email) throw new PermanentFailure('The submission has no usable email');

  const { row: lead } = await upsertLeadByEmail(ctx, toLeadInput(mapped, response, delivery), 'typeform');
  const providerLead = toProviderLead(mapped, lead);
  const submittedAt = typeof response.submitted_at === 'string' ? response.submitted_at : null;
  const engine = { p_fin: lead.pFin, p_show: lead.pShow, p_sql: lead.pSql, intent_score: lead.intentScore, is_fake_lead: lead.isFakeLead };
  const [prefi, formAi] = await Promise.all([
    providers.prefi({ client_id: companyId, submitted_at: submittedAt, lead: providerLead }, () => localPreFi(engine, providerLead)),
    providers.formAi(
      {
        client_id: companyId,
        submitted_at: submittedAt,
        lead: providerLead,
        answers: resolveAnswers(response).map((a) => ({ ref: a.ref ?? a.id ?? null, title: a.title ?? null, type: a.fieldType ?? null, value: a.value })),
        utm: mapped.utm,
      },
      () => localFormAi(engine),
    ),
  ]);
  const p = combineProbabilities({ p_fin: lead.pFin, p_show: lead.pShow, p_sql: lead.pSql }, { ...prefi.value, ...formAi.value });
  const originalEventId = mapped.tracking.event_id ?? response.token ?? (typeof delivery.event_id === 'string' ? delivery.event_id : lead.id);
  const values = {
    leadId: lead.id,
    capiEventId: `mql${originalEventId}`,
    pFin: p.p_fin,
    pShow: p.p_show,
    pSql: p.p_sql,
    sal: prefi.value.sal,
    salRating: prefi.value.sal_rating,
    pFinqAi: prefi.value.p_finq_ai,
    pShowAi: formAi.value.p_show_ai,
    pCloseAi: formAi.value.p_close_ai,
    pIntentAi: formAi.value.p_intent_ai,
    stateResidence: mapped.fields.state_residence ?? null,
    rotator: rotatorFor(p, settings),
    providers: { prefi: prefi.trace, form_ai: formAi.trace },
    capiUserData: hashUserData({
      email: mapped.fields.email,
      phone: mapped.fields.phone,
      first_name: mapped.fields.first_name,
      last_name: mapped.fields.last_name,
      fbc: mapped.tracking.fbc,
      fbp: mapped.tracking.fbp,
      client_ip_address: mapped.fields.consent_ip,
      client_user_agent: mapped.tracking.client_user_agent,
    }),
    submittedAt: (submittedAt && toDbTimestamp(submittedAt)) || null,
  };

  await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(leadScoringResults)
      .values({ id: randomUUID(), companyId, email: mapped.fields.email!.toLowerCase(), ...values })
      .onConflictDoUpdate({ target: [leadScoringResults.companyId, leadScoringResults.email], set: { ...values, updatedAt: sql`now()` } })
      .returning({ id: leadScoringResults.id });
    if (capiAllowed(values, settings)) {
      // One automatic event per submission, even if this job runs twice.
      await enqueueCapiEvent(tx, companyId, { result_id: row!.id, trigger: 'auto', event_time: Math.floor(Date.now() / 1000) }, `${companyId}:${values.capiEventId}:auto`);
    }
  });
}

function toLeadInput(m: MappedSubmission, response: FormResponse, delivery: Record<string, unknown>): LeadCreate {
  const f = m.fields;
  const attributes: Record<string, unknown> = { ...m.extra };
  const keep = { consent_date: f.consent_date, consent_ip: f.consent_ip, state_residence: f.state_residence, ...m.tracking };
  for (const [k, v] of Object.entries(keep)) if (v) attributes[k] = v;
  if (response.form_id) attributes.typeform_form_id = response.form_id;
  if (response.token) attributes.typeform_token = response.token;
  if (typeof delivery.event_id === 'string') attributes.typeform_event_id = delivery.event_id;
  return {
    full_name: f.full_name ?? [f.first_name, f.last_name].filter(Boolean).join(' '),
    email: f.email ?? null,
    phone: f.phone ?? null,
    budget: f.budget ?? null,
    payment_method: f.payment_method ?? null,
    timeline: f.timeline ?? null,
    purpose: f.purpose ?? null,
    location: f.location ?? null,
    bedrooms: parseBedrooms(f.bedrooms),
    notes: f.notes ?? null,
    source: 'Typeform',
    utm: Object.keys(m.utm).length > 0 ? m.utm : null,
    attributes,
  };
}

/** "2", "2 bedrooms", "3+" → 2, 2, 3; "Studio" → 0; anything else → unknown. */
export function parseBedrooms(text: string | undefined): number | null {
  if (!text) return null;
  if (/\bstudio\b/i.test(text)) return 0;
  const n = /\d+/.exec(text);
  return n && Number(n[0]) <= 20 ? Number(n[0]) : null;
}

function toProviderLead(m: MappedSubmission, lead: LeadRow): ProviderLead {
  const f = m.fields;
  return {
    first_name: f.first_name ?? null,
    last_name: f.last_name ?? null,
    email: lead.email,
    phone: lead.phone,
    budget: lead.budget,
    payment_method: lead.paymentMethod,
    timeline: lead.timeline,
    purpose: lead.purpose,
    bedrooms: lead.bedrooms,
    location: lead.location,
    state_residence: f.state_residence ?? null,
  };
}
