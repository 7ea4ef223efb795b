/** The rules of a lead's life: create, read, change, re-score, archive. Routes only call these. */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { and, desc, eq, ne, sql, type SQL } from 'drizzle-orm';
import { executeAll, type Tx } from '../db/client.ts';
import { developments, leads, leadScores } from '../db/schema/index.ts';
import { eventsInsert, type PendingEvent } from '../events/outbox.ts';
import { AppError, invalid, invalidField, notFound } from '../errors.ts';
import { scoreLead, type DevelopmentPricing, type ScoreResult } from '../scoring/index.ts';
import { leadRollupUpserts } from '../stats/rollup.ts';
import type { Actor } from '../context/actor.ts';
import type { Context, Tenant } from '../context/context.ts';
import { scoreColumns, scoreSummary, toLeadResponse, toScoringInput, type LeadRow } from './mapping.ts';
import type { LeadCreate, LeadPatch, ScoredBy } from './schemas.ts';

/** A change to any of these can change the score, so it triggers a re-score. */
const SCORING_INPUTS = [
  'full_name', 'email', 'phone', 'budget', 'payment_method', 'timeline', 'purpose',
  'location', 'bedrooms', 'source', 'category', 'development_id', 'status',
] as const;

const COLUMN_OF = {
  full_name: 'fullName', email: 'email', phone: 'phone', budget: 'budget', payment_method: 'paymentMethod',
  timeline: 'timeline', purpose: 'purpose', location: 'location', bedrooms: 'bedrooms', source: 'source',
  category: 'category', development_id: 'developmentId', notes: 'notes', utm: 'utm', attributes: 'attributes',
  status: 'status',
} as const satisfies Record<keyof LeadPatch, keyof LeadRow>;

export async function createLead(ctx: Context, input: LeadCreate, scoredBy: ScoredBy = 'api'): Promise<LeadRow> {
  requireContact(input);
  return ctx.db.transaction((tx) => insertScoredLead(tx, ctx.companyId, input, scoredBy, ctx.actor));
}

/**
 * Inbound leads (CRM and form webhooks): creates the lead, or merges the fields it carries into
 * the company's live lead with the same email and re-scores that one. `within` runs in the same
 * transaction (e.g. to enqueue a CRM push), so it happens if and only if the lead change commits.
 */
export async function upsertLeadByEmail(
  ctx: Context,
  input: LeadCreate,
  scoredBy: ScoredBy,
  within?: (tx: Tx, row: LeadRow) => Promise<void>,
): Promise<{ row: LeadRow; merged: boolean }> {
  requireContact(input);
  const attempt = () =>
    ctx.db.transaction(async (tx) => {
      const existing = input.email ? await liveLeadByEmail(tx, ctx.companyId, input.email) : undefined;
      const row = existing
        ? await applyPatch(tx, ctx.companyId, existing.id, mergeablePatch(existing, input), scoredBy, true, ctx.actor)
        : await insertScoredLead(tx, ctx.companyId, input, scoredBy, ctx.actor);
      await within?.(tx, row);
      return { row, merged: existing !== undefined };
    });
  // Two inbound copies of a new lead can race to create it; the loser merges into the winner.
  return attempt().catch((err) => {
    if (err instanceof AppError && err.code === 'CONFLICT') return attempt();
    throw err;
  });
}

function requireContact(input: LeadCreate) {
  if (!input.email?.trim() && !input.phone?.trim()) {
    throw invalid('Give an email or a phone number', [{ field: 'email', message: 'email is required unless phone is given' }]);
  }
}

/**
 * What an inbound copy of a lead adds: the fields it carries replace ours, an empty one never
 * erases what we know, and utm and attributes are merged key by key.
 */
function mergeablePatch(existing: LeadRow, input: LeadCreate): LeadPatch {
  const patch: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(input)) {
    if (field === 'email' || value === undefined || value === null || (typeof value === 'string' && !value.trim())) continue;
    patch[field] = value;
  }
  if (input.utm) patch.utm = { ...existing.utm, ...input.utm };
  if (input.attributes) patch.attributes = { ...existing.attributes, ...input.attributes };
  return patch as LeadPatch;
}

async function liveLeadByEmail(tx: Tx, companyId: string, email: string): Promise<LeadRow | undefined> {
  const [row] = await tx.select().from(leads)
    .where(and(eq(leads.companyId, companyId), ne(leads.status, 'Archived'), sql`lower(${leads.email}) = lower(${email.trim()})`))
    .limit(1);
  return row;
}

async function insertScoredLead(tx: Tx, companyId: string, input: LeadCreate, scoredBy: ScoredBy, actor: Actor): Promise<LeadRow> {
  const values = columnsFrom(input);
  const development = await developmentPricing(tx, companyId, values.developmentId ?? null);
  const now = new Date();
  const draft = { fullName: input.full_name.trim(), category: 'BUYER' as const, status: 'Contact Pending' as const, ...values };
  const score = scoreLead(toScoringInput(draft as LeadRow), { development });
  const row = await insertLead(tx, companyId, { ...draft, id: randomUUID(), ...scoreColumns(score, now), createdAt: now, updatedAt: now });
  await recordChange(tx, actor, null, row, scoredBy, [{ type: 'lead.created', data: { lead: toLeadResponse(row) } }, scoredEvent(row, scoredBy)]);
  return row;
}

export async function getLead(tenant: Tenant, id: string): Promise<LeadRow> {
  const [row] = await tenant.db.select().from(leads).where(and(eq(leads.id, id), eq(leads.companyId, tenant.companyId)));
  if (!row) throw notFound('Lead');
  return row;
}

export async function updateLead(ctx: Context, id: string, patch: LeadPatch, scoredBy: ScoredBy = 'rescore'): Promise<LeadRow> {
  return ctx.db.transaction((tx) => applyPatch(tx, ctx.companyId, id, patch, scoredBy, false, ctx.actor));
}

async function applyPatch(tx: Tx, companyId: string, id: string, patch: LeadPatch, scoredBy: ScoredBy, alwaysRescore: boolean, actor: Actor): Promise<LeadRow> {
  const current = await lockLead(tx, companyId, id);
  const changes = columnsFrom(patch);
  if (patch.full_name !== undefined) changes.fullName = patch.full_name.trim();
  const next = { ...current, ...changes } as LeadRow;
  if (!next.email && !next.phone) throw invalidField('email', 'cannot be removed while the lead has no phone');
  if (changes.email && next.status !== 'Archived' && changes.email.toLowerCase() !== current.email?.toLowerCase()) {
    await refuseDuplicateEmail(tx, companyId, changes.email, id);
  }
  const changed = (Object.keys(patch) as (keyof LeadPatch)[]).filter((k) => !isDeepStrictEqual(next[COLUMN_OF[k]], current[COLUMN_OF[k]]));
  const pending: PendingEvent[] = [];
  let scored: ReturnType<typeof scoreColumns> | undefined;
  if (alwaysRescore || changed.some((k) => (SCORING_INPUTS as readonly string[]).includes(k))) {
    const development = await developmentPricing(tx, companyId, next.developmentId);
    scored = scoreColumns(scoreLead(toScoringInput(next), { development }), new Date());
  }
  // An inbound copy that brings nothing new (a redelivered form, a retried job) writes nothing:
  // no history row, no lead.scored event for subscribers, the lead as it was.
  if (alwaysRescore && changed.length === 0 && sameScore(current, scored!)) return current;
  const [row] = await tx
    .update(leads)
    .set({ ...changes, ...scored, updatedAt: sql`now()` })
    .where(and(eq(leads.id, id), eq(leads.companyId, companyId)))
    .returning()
    .catch(duplicateEmailError);
  if (scored) pending.push(scoredEvent(row!, scoredBy));
  if (row!.status !== current.status) {
    pending.push({
      type: 'lead.status_changed',
      data: { lead_id: id, old_status: current.status, new_status: row!.status, lead: toLeadResponse(row!) },
    });
  }
  await recordChange(tx, actor, current, row!, scored ? scoredBy : null, pending);
  return row!;
}

/** The breakdown holds every score, flag and probability, and the model that made them. */
function sameScore(row: LeadRow, scored: ReturnType<typeof scoreColumns>): boolean {
  return row.engineVersion === scored.engineVersion && isDeepStrictEqual(row.scoreBreakdown, scored.scoreBreakdown);
}

/** Soft delete: the lead and its history stay, it just leaves the default lists. */
export async function archiveLead(ctx: Context, id: string): Promise<void> {
  await updateLead(ctx, id, { status: 'Archived' });
}

/** Scores a stored lead again (e.g. POST /score with buyer_id) and records the history row. */
export async function rescoreLead(ctx: Context, id: string, scoredBy: ScoredBy): Promise<{ row: LeadRow; score: ScoreResult }> {
  return ctx.db.transaction(async (tx) => {
    const current = await lockLead(tx, ctx.companyId, id);
    const development = await developmentPricing(tx, ctx.companyId, current.developmentId);
    const score = scoreLead(toScoringInput(current), { development });
    const [row] = await tx
      .update(leads)
      .set({ ...scoreColumns(score, new Date()), updatedAt: sql`now()` })
      .where(and(eq(leads.id, id), eq(leads.companyId, ctx.companyId)))
      .returning();
    await recordChange(tx, ctx.actor, current, row!, scoredBy, [scoredEvent(row!, scoredBy)]);
    return { row: row!, score };
  });
}

export async function scoreHistory(tenant: Tenant, id: string) {
  await getLead(tenant, id);
  return tenant.db
    .select({
      id: leadScores.id,
      quality_score: leadScores.qualityScore,
      intent_score: leadScores.intentScore,
      confidence_score: leadScores.confidenceScore,
      classification: leadScores.classification,
      scored_at: leadScores.scoredAt,
      scored_by: leadScores.scoredBy,
      engine_version: leadScores.engineVersion,
    })
    .from(leadScores)
    .where(and(eq(leadScores.leadId, id), eq(leadScores.companyId, tenant.companyId)))
    .orderBy(desc(leadScores.scoredAt), desc(leadScores.id));
}

/** Pricing of the lead's development; an id that is unknown *to this company* is a client error. */
export async function developmentPricing(tx: Tx | Tenant['db'], companyId: string, developmentId: string | null): Promise<DevelopmentPricing | null> {
  if (!developmentId) return null;
  const [dev] = await tx
    .select({ price_from: developments.priceFrom, price_to: developments.priceTo, location: developments.location, unit_mix: developments.unitMix })
    .from(developments)
    .where(and(eq(developments.id, developmentId), eq(developments.companyId, companyId)));
  if (!dev) throw invalidField('development_id', 'does not name one of your developments');
  return dev;
}

function columnsFrom(input: LeadCreate | LeadPatch): Partial<LeadRow> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(input)) {
    if (field === 'full_name' || value === undefined) continue;
    const column = COLUMN_OF[field as keyof typeof COLUMN_OF];
    out[column] = typeof value === 'string' ? value.trim() || null : field === 'budget' && typeof value === 'number' ? String(value) : value;
  }
  if (typeof out.email === 'string') out.email = out.email.toLowerCase() === out.email ? out.email : out.email;
  return out as Partial<LeadRow>;
}

async function lockLead(tx: Tx, companyId: string, id: string): Promise<LeadRow> {
  const [row] = await tx.select().from(leads).where(and(eq(leads.id, id), eq(leads.companyId, companyId))).for('update');
  if (!row) throw notFound('Lead');
  return row;
}

async function refuseDuplicateEmail(tx: Tx, companyId: string, email: string, exceptId?: string) {
  const conditions = [eq(leads.companyId, companyId), ne(leads.status, 'Archived'), sql`lower(${leads.email}) = lower(${email})`];
  if (exceptId) conditions.push(ne(leads.id, exceptId));
  const [existing] = await tx.select({ id: leads.id }).from(leads).where(and(...conditions)).limit(1);
  if (existing) throw duplicate(existing.id);
}

function duplicate(existingId?: string) {
  return new AppError(
    'CONFLICT',
    existingId ? `A lead with this email already exists: ${existingId}` : 'A lead with this email already exists',
    [{ field: 'email', message: 'email is already used by another of your leads' }],
    existingId ? { existing_lead_id: existingId } : undefined,
  );
}

/** Two concurrent changes can both pass the pre-check; the unique index decides, and we say 409. */
function duplicateEmailError(err: unknown): never {
  const cause = (err as { cause?: { code?: string } }).cause ?? err;
  if ((cause as { code?: string }).code === '23505') throw duplicate();
  throw err;
}

/**
 * The unique index on (company, lower(email)) for live leads is the duplicate check: no pre-check
 * round trip, and a create racing another with the same email waits for it and then skips rather
 * than fails, so the 409 can name the winner (read after the skip, in a fresh snapshot). A skip
 * whose winner cannot be found (archived meanwhile, or an id collision) still refuses.
 */
async function insertLead(tx: Tx, companyId: string, values: Omit<typeof leads.$inferInsert, 'companyId'>): Promise<LeadRow> {
  const [row] = await tx.insert(leads).values({ ...values, companyId }).onConflictDoNothing().returning();
  if (row) return row;
  if (values.email) await refuseDuplicateEmail(tx, companyId, values.email);
  throw duplicate();
}

/**
 * What follows every lead write in its transaction: the score-history row (when `scoredBy` says it
 * was scored), the outbox events and the rollup adjustment, sent as one statement: one round trip
 * instead of up to four. The rollup goes last, as leadRollupUpserts asks. Written as SQL rather
 * than Drizzle builders: building those cost as much JavaScript as the lead's own insert.
 */
async function recordChange(tx: Tx, actor: Actor, before: LeadRow | null, row: LeadRow, scoredBy: ScoredBy | null, pending: PendingEvent[]) {
  await executeAll(tx, [
    scoredBy ? scoreHistoryInsert(row, scoredBy, actor) : undefined,
    eventsInsert(row.companyId, pending),
    ...leadRollupUpserts(before, row),
  ]);
}

function scoreHistoryInsert(row: LeadRow, scoredBy: ScoredBy, actor: Actor): SQL {
  return sql`insert into ${leadScores}
    (id, company_id, lead_id, quality_score, intent_score, confidence_score, classification, scored_by, actor, engine_version, scored_at)
    values (${randomUUID()}, ${row.companyId}, ${row.id}, ${row.qualityScore}, ${row.intentScore}, ${row.confidenceScore},
      ${row.classification}, ${scoredBy}, ${JSON.stringify(actor)}::jsonb, ${row.engineVersion}, ${row.scoredAt.toISOString()})`;
}

function scoredEvent(row: LeadRow, scoredBy: ScoredBy): PendingEvent {
  return { type: 'lead.scored', data: { lead_id: row.id, scored_by: scoredBy, scored_at: row.scoredAt, ...scoreSummary(row) } };
}
