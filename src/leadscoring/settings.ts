/**
 * A client's Lead Scoring settings: CAPI and rotator thresholds, the Meta pixel, the Typeform
 * secret and the field mapping. Secrets are write-only: they leave this module only to sign or
 * send, never in an answer (the answer says whether one is set).
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { companies, leadScoringSettings } from '../db/schema/index.ts';
import { invalid, type ErrorDetail } from '../errors.ts';
import { isUuid } from '../ids.ts';
import type { LeadField } from './answers.ts';
import type { ActionSource } from './capi/graph.ts';
import { clientNotFound } from './errors.ts';
import type { Tenant } from '../context/context.ts';
import type { RotatorThresholds } from './probabilities.ts';

export interface LeadScoringSettings extends RotatorThresholds {
  fb_capi_fin: number;
  fb_capi_show: number;
  pixel_id: string | null;
  access_token: string | null;
  event_name: string;
  event_source_url: string | null;
  action_source: ActionSource;
  typeform_secret: string | null;
  field_mapping: Record<string, LeadField>;
}

/** Seed 001's example values: a client that never changed anything gets these. */
export const DEFAULT_SETTINGS: LeadScoringSettings = {
  fb_capi_fin: 0.5,
  fb_capi_show: 0.6,
  a_rotator_fin: 0.7,
  a_rotator_show: 0.6,
  b_rotator_fin: 0.5,
  b_rotator_show: 0.5,
  c_rotator_fin: 0.3,
  c_rotator_show: 0.3,
  pixel_id: null,
  access_token: null,
  event_name: 'Lead',
  event_source_url: null,
  action_source: 'website',
  typeform_secret: null,
  field_mapping: {},
};

export type SettingsUpdate = Partial<LeadScoringSettings>;

/** Throws 404 "Client not found" unless the client exists. */
export async function requireClient(db: Db, clientId: string): Promise<void> {
  if (!isUuid(clientId)) throw clientNotFound();
  const [row] = await db.select({ id: companies.id }).from(companies).where(eq(companies.id, clientId));
  if (!row) throw clientNotFound();
}

/** A caller names its client in the path; another company's client is as unknown as none. */
export async function requireOwnClient(tenant: Tenant, clientId: string): Promise<void> {
  if (clientId !== tenant.companyId) throw clientNotFound();
  await requireClient(tenant.db, clientId);
}

export async function loadSettings(db: Db, companyId: string): Promise<LeadScoringSettings> {
  const [row] = await db.select().from(leadScoringSettings).where(eq(leadScoringSettings.companyId, companyId));
  if (!row) return { ...DEFAULT_SETTINGS };
  return {
    fb_capi_fin: row.fbCapiFin,
    fb_capi_show: row.fbCapiShow,
    a_rotator_fin: row.aRotatorFin,
    a_rotator_show: row.aRotatorShow,
    b_rotator_fin: row.bRotatorFin,
    b_rotator_show: row.bRotatorShow,
    c_rotator_fin: row.cRotatorFin,
    c_rotator_show: row.cRotatorShow,
    pixel_id: row.pixelId,
    access_token: row.accessToken,
    event_name: row.eventName,
    event_source_url: row.eventSourceUrl,
    action_source: row.actionSource,
    typeform_secret: row.typeformSecret,
    field_mapping: row.fieldMapping,
  };
}

/** What GET answers: everything but the secrets, which become "is one set?". */
export function publicSettings(s: LeadScoringSettings) {
  const { access_token, typeform_secret, ...rest } = s;
  return { ...rest, access_token_set: access_token !== null, typeform_secret_set: typeform_secret !== null };
}

/** The settings part of GET /leadscoring, exactly the seed's keys. */
export function resultSettings(s: LeadScoringSettings) {
  const { access_token: _a, typeform_secret: _t, field_mapping: _f, ...rest } = s;
  return rest;
}

/**
 * PUT semantics for write-only secrets: a field left out keeps its value (so saving thresholds
 * does not require re-sending the access token), null clears a nullable field.
 */
export async function updateSettings(db: Db, companyId: string, update: SettingsUpdate): Promise<LeadScoringSettings> {
  const next: LeadScoringSettings = { ...(await loadSettings(db, companyId)) };
  for (const [key, value] of Object.entries(update)) {
    if (value !== undefined) (next as unknown as Record<string, unknown>)[key] = value;
  }
  const problems = tierProblems(next);
  if (problems.length) throw invalid(problems.map((p) => p.message).join('; '), problems);
  const values = {
    fbCapiFin: next.fb_capi_fin,
    fbCapiShow: next.fb_capi_show,
    aRotatorFin: next.a_rotator_fin,
    aRotatorShow: next.a_rotator_show,
    bRotatorFin: next.b_rotator_fin,
    bRotatorShow: next.b_rotator_show,
    cRotatorFin: next.c_rotator_fin,
    cRotatorShow: next.c_rotator_show,
    pixelId: next.pixel_id,
    accessToken: next.access_token,
    eventName: next.event_name,
    eventSourceUrl: next.event_source_url,
    actionSource: next.action_source,
    typeformSecret: next.typeform_secret,
    fieldMapping: next.field_mapping,
  };
  await db
    .insert(leadScoringSettings)
    .values({ companyId, ...values })
    .onConflictDoUpdate({ target: leadScoringSettings.companyId, set: { ...values, updatedAt: sql`now()` } });
  return next;
}

/** Tiers must nest (A ≥ B ≥ C on both axes), or a lead could be "B" while beating A's bar. */
function tierProblems(s: LeadScoringSettings): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const axis of ['fin', 'show'] as const) {
    const [a, b, c] = (['a', 'b', 'c'] as const).map((t) => s[`${t}_rotator_${axis}`]);
    if (a! < b!) out.push({ field: `a_rotator_${axis}`, message: `a_rotator_${axis} must be at least b_rotator_${axis}` });
    if (b! < c!) out.push({ field: `b_rotator_${axis}`, message: `b_rotator_${axis} must be at least c_rotator_${axis}` });
  }
  return out;
}
