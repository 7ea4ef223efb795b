/**
 * A client's Lead Scoring settings: CAPI and rotator thresholds, the Meta pixel, the Typeform
 * secret and the field mapping. Secrets are write-only and sealed at rest: loaded settings carry
 * them sealed, opened (with settingsSecretContext) only to sign or send, never in an answer (the
 * answer says whether one is set).
 */
import { eq, sql } from 'drizzle-orm';
import type { SecretBox } from '../crypto/secret-box.ts';
import type { Db } from '../db/client.ts';
import { companies, leadScoringSettings } from '../db/schema/index.ts';
import { invalid, type ErrorDetail } from '../errors.ts';
import { isUuid } from '../ids.ts';
import type { LeadField } from './answers.ts';
import type { ActionSource } from './capi/graph.ts';
import { clientNotFound } from './errors.ts';
import type { Tenant } from '../context/context.ts';
import type { RotatorThresholds } from './probabilities.ts';

/** The context a settings secret is sealed under: it opens on that company's field only. */
export const settingsSecretContext = (companyId: string, field: 'access_token' | 'typeform_secret') => `leadscoring_settings:${companyId}:${field}`;

/** Loaded settings: access_token and typeform_secret are sealed (src/crypto/secret-box.ts). */
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
  /** Accepted Typeform submissions per hour; past it the webhook answers 429 (Typeform retries). */
  max_submissions_per_hour: number;
  /** Refuse unsigned deliveries; needs a Typeform secret. */
  require_signature: boolean;
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
  // Well above a launch campaign's busiest hour, far below what a script can post.
  max_submissions_per_hour: 300,
  require_signature: false,
};

/** A change as a client sends it: access_token and typeform_secret in plain text, to be sealed. */
export type SettingsUpdate = Partial<LeadScoringSettings>;

/**
 * The client's id as stored (lower case: a UUID's hex digits may arrive in either case, as on every
 * other route), or 404 "Client not found" unless it exists (and, given a caller, is the caller).
 */
export async function requireClient(db: Db, clientId: string, callerCompanyId?: string): Promise<string> {
  const id = clientId.trim().toLowerCase();
  if (!isUuid(id) || (callerCompanyId !== undefined && id !== callerCompanyId.toLowerCase())) throw clientNotFound();
  const [row] = await db.select({ id: companies.id }).from(companies).where(eq(companies.id, id));
  if (!row) throw clientNotFound();
  return id;
}

/** A caller names its client in the path; another company's client is as unknown as none. */
export async function requireOwnClient(tenant: Tenant, clientId: string): Promise<void> {
  // A UUID's hex digits may arrive in either case, as on every other route.
  if (clientId.trim().toLowerCase() !== tenant.companyId) throw clientNotFound();
  await requireClient(tenant.db, tenant.companyId);
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
    access_token: row.accessTokenCiphertext,
    event_name: row.eventName,
    event_source_url: row.eventSourceUrl,
    action_source: row.actionSource,
    typeform_secret: row.typeformSecretCiphertext,
    field_mapping: row.fieldMapping,
    max_submissions_per_hour: row.maxSubmissionsPerHour,
    require_signature: row.requireSignature,
  };
}

/** What GET answers: everything but the secrets, which become "is one set?". */
export function publicSettings(s: LeadScoringSettings) {
  const { access_token, typeform_secret, ...rest } = s;
  return { ...rest, access_token_set: access_token !== null, typeform_secret_set: typeform_secret !== null };
}

/** The settings part of GET /leadscoring, exactly the contract's keys. */
export function resultSettings(s: LeadScoringSettings) {
  const { access_token: _a, typeform_secret: _t, field_mapping: _f, max_submissions_per_hour: _m, require_signature: _r, ...rest } = s;
  return rest;
}

/**
 * PUT semantics for write-only secrets: a field left out keeps its value (so saving thresholds
 * does not require re-sending the access token), null clears a nullable field.
 */
export async function updateSettings(db: Db, box: SecretBox, companyId: string, update: SettingsUpdate): Promise<LeadScoringSettings> {
  const next: LeadScoringSettings = { ...(await loadSettings(db, companyId)) };
  for (const [key, value] of Object.entries(update)) {
    if (value !== undefined) (next as unknown as Record<string, unknown>)[key] = value;
  }
  for (const field of ['access_token', 'typeform_secret'] as const) {
    const plain = update[field];
    if (typeof plain === 'string') next[field] = box.seal(plain, settingsSecretContext(companyId, field));
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
    accessTokenCiphertext: next.access_token,
    eventName: next.event_name,
    eventSourceUrl: next.event_source_url,
    actionSource: next.action_source,
    typeformSecretCiphertext: next.typeform_secret,
    fieldMapping: next.field_mapping,
    maxSubmissionsPerHour: next.max_submissions_per_hour,
    requireSignature: next.require_signature,
  };
  await db
    .insert(leadScoringSettings)
    .values({ companyId, ...values })
    .onConflictDoUpdate({ target: leadScoringSettings.companyId, set: { ...values, updatedAt: sql`now()` } });
  return next;
}

/**
 * Tiers must nest (A ≥ B ≥ C on both axes), or a lead could be "B" while beating A's bar; and
 * signatures can only be required when there is a secret to check them with.
 */
function tierProblems(s: LeadScoringSettings): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const axis of ['fin', 'show'] as const) {
    const [a, b, c] = (['a', 'b', 'c'] as const).map((t) => s[`${t}_rotator_${axis}`]);
    if (a! < b!) out.push({ field: `a_rotator_${axis}`, message: `a_rotator_${axis} must be at least b_rotator_${axis}` });
    if (b! < c!) out.push({ field: `b_rotator_${axis}`, message: `b_rotator_${axis} must be at least c_rotator_${axis}` });
  }
  if (s.require_signature && s.typeform_secret === null) {
    out.push({ field: 'require_signature', message: 'require_signature needs a typeform_secret to check signatures with' });
  }
  return out;
}
