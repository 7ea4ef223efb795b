/**
 * A company's learned models: gather its labelled leads (live leads with their status history, and
 * imported history rows), train one model per target, keep every version, and activate a new one
 * only when training judged it better than the prior on held-out leads with enough outcomes.
 */
import { randomUUID } from 'node:crypto';
import { and, desc, eq, max, sql } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../db/client.ts';
import { learningSettings, leads, models, trainingExamples, MODEL_TARGETS, type ModelTarget } from '../db/schema/index.ts';
import { recordEvents } from '../events/outbox.ts';
import { conflict, notFound } from '../http/errors.ts';
import { toScoringInput } from '../leads/mapping.ts';
import { scoreLead, type LeadInput, type LeadStatus } from '../scoring/index.ts';
import { leadRow, trainModel, type Example, type LearnedModel, type TrainingReport } from '../learning/index.ts';
import { labelsOf } from '../learning/outcomes.ts';
import { enqueueJobs } from '../jobs/queue.ts';
import type { Tenant } from '../tenant.ts';

export const TRAIN_JOB = 'model.train';
export type ModelRecord = typeof models.$inferSelect;

export interface LearningSettings { noProgressDays: number; minLabelled: number; minPositives: number }
const DEFAULTS: LearningSettings = { noProgressDays: 90, minLabelled: 200, minPositives: 40 };

export async function settingsOf(db: Db | Tx, companyId: string): Promise<LearningSettings> {
  const [row] = await db.select().from(learningSettings).where(eq(learningSettings.companyId, companyId));
  return row ? { noProgressDays: row.noProgressDays, minLabelled: row.minLabelled, minPositives: row.minPositives } : DEFAULTS;
}

/** The prior's probability for a lead, read without its status (the status is the outcome). */
function priorOf(lead: LeadInput, target: ModelTarget): number {
  return scoreLead({ ...lead, status: null }).probabilities[target];
}

/** Every labelled example of one company for one target, oldest first not required (training sorts). */
export async function labelledExamples(db: Db, companyId: string, target: ModelTarget, now: Date, settings: LearningSettings): Promise<Example[]> {
  const out: Example[] = [];
  const history = await db.select({ lead: trainingExamples.lead, show: trainingExamples.show, sql: trainingExamples.sql, at: trainingExamples.occurredAt })
    .from(trainingExamples).where(eq(trainingExamples.companyId, companyId));
  for (const h of history) {
    const label = target === 'p_sql' ? h.sql : h.show;
    if (label === null) continue;
    const lead = h.lead as unknown as LeadInput;
    out.push({ row: leadRow(lead), label: label ? 1 : 0, time: h.at.getTime(), prior: priorOf(lead, target) });
  }
  const live = await db.select().from(leads).where(eq(leads.companyId, companyId));
  const changes = await queryRows<{ lead_id: string; statuses: LeadStatus[]; last_change: string | Date }>(db, sql`
    select lead_id, array_agg(to_status) as statuses, max(changed_at) as last_change
    from lead_status_changes where company_id = ${companyId} group by lead_id`);
  const byLead = new Map(changes.map((c) => [c.lead_id, c]));
  for (const l of live) {
    const c = byLead.get(l.id);
    const labels = labelsOf({
      statuses: c?.statuses ?? [],
      current: l.status,
      lastChangeAt: c ? new Date(c.last_change) : l.updatedAt,
    }, now, settings.noProgressDays);
    const label = target === 'p_sql' ? labels.sql : labels.show;
    if (label === null) continue;
    const lead = toScoringInput(l);
    out.push({ row: leadRow({ ...lead, status: null }), label, time: l.createdAt.getTime(), prior: priorOf(lead, target) });
  }
  return out;
}

export interface TrainOutcome { target: ModelTarget; model: ModelRecord }

/** Trains both targets for a company, stores each as a new version and activates the ones that earned it. */
export async function trainCompanyModels(db: Db, companyId: string, now = new Date()): Promise<TrainOutcome[]> {
  const settings = await settingsOf(db, companyId);
  const results: TrainOutcome[] = [];
  for (const target of MODEL_TARGETS) {
    const examples = await labelledExamples(db, companyId, target, now, settings);
    const { model, report } = trainModel(examples, { minLabelled: settings.minLabelled, minPositives: settings.minPositives });
    const row = await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`models:${companyId}:${target}`}))`);
      const [last] = await tx.select({ v: max(models.version) }).from(models).where(and(eq(models.companyId, companyId), eq(models.target, target)));
      const id = randomUUID();
      const [inserted] = await tx.insert(models).values({
        id, companyId, target, version: (last?.v ?? 0) + 1, algorithm: report.algorithm,
        model: model as unknown as Record<string, unknown> | null, report: report as unknown as Record<string, unknown>,
        eligible: report.activate && model !== null, reason: report.reason,
      }).returning();
      if (inserted!.eligible) return activateIn(tx, companyId, inserted!);
      return inserted!;
    });
    results.push({ target, model: row });
  }
  return results;
}

async function activateIn(tx: Tx, companyId: string, row: ModelRecord): Promise<ModelRecord> {
  await tx.update(models).set({ active: false }).where(and(eq(models.companyId, companyId), eq(models.target, row.target), eq(models.active, true)));
  const [active] = await tx.update(models).set({ active: true, activatedAt: sql`now()` }).where(eq(models.id, row.id)).returning();
  await recordEvents(tx, companyId, [{ type: 'model.activated', data: { model: toModelSummary(active!) } }]);
  return active!;
}

export async function listModels(tenant: Tenant): Promise<ModelRecord[]> {
  return tenant.db.select().from(models).where(eq(models.companyId, tenant.companyId)).orderBy(models.target, desc(models.version)).limit(200);
}

export async function getModel(tenant: Tenant, id: string): Promise<ModelRecord> {
  const [row] = await tenant.db.select().from(models).where(and(eq(models.id, id), eq(models.companyId, tenant.companyId)));
  if (!row) throw notFound('Model');
  return row;
}

/**
 * Makes a model the active one for its target: a newer one, or an older one to roll back to. Only a
 * model that beat the prior when it was trained may be active.
 */
export async function activateModel(tenant: Tenant, id: string): Promise<ModelRecord> {
  return tenant.db.transaction(async (tx) => {
    const [row] = await tx.select().from(models).where(and(eq(models.id, id), eq(models.companyId, tenant.companyId))).for('update');
    if (!row) throw notFound('Model');
    if (!row.eligible) throw conflict(`This model cannot be activated: ${row.reason}`);
    if (row.active) return row;
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`models:${tenant.companyId}:${row.target}`}))`);
    return activateIn(tx, tenant.companyId, row);
  });
}

/** Queues a training run (the API's `POST /models/train`). */
export async function requestTraining(tenant: Tenant): Promise<{ job_id: string }> {
  const id = randomUUID();
  await enqueueJobs(tenant.db, [{ kind: TRAIN_JOB, companyId: tenant.companyId, payload: { requested: id }, maxAttempts: 3, dedupeKey: id }]);
  return { job_id: id };
}

/** The active model per target, for scoring. */
export async function activeModels(db: Db | Tx, companyId: string): Promise<Partial<Record<ModelTarget, { version: string; model: LearnedModel }>>> {
  const rows = await db.select({ target: models.target, version: models.version, model: models.model })
    .from(models).where(and(eq(models.companyId, companyId), eq(models.active, true)));
  const out: Partial<Record<ModelTarget, { version: string; model: LearnedModel }>> = {};
  for (const r of rows) if (r.model !== null) out[r.target] = { version: modelVersion(r.target, r.version), model: r.model as unknown as LearnedModel };
  return out;
}

export function modelVersion(target: ModelTarget, version: number): string {
  return `${target}-v${version}`;
}

export function toModelSummary(row: ModelRecord) {
  const report = row.report as unknown as TrainingReport;
  return {
    id: row.id,
    target: row.target,
    version: row.version,
    model_version: modelVersion(row.target, row.version),
    algorithm: row.algorithm,
    active: row.active,
    eligible: row.eligible,
    reason: row.reason,
    metrics: report.metrics,
    rows: report.rows,
    data_window: report.data_window,
    created_at: row.createdAt,
    activated_at: row.activatedAt,
  };
}

export function toModelDetail(row: ModelRecord) {
  const report = row.report as unknown as TrainingReport;
  return { ...toModelSummary(row), calibration: report.calibration, top_factors: report.top_factors };
}
