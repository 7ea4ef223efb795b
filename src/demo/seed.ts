/**
 * `naybourhood seed-demo`: a demo company with developments and N scored leads, written in large
 * multi-row batches, one transaction per batch, each batch also writing its score-history rows and
 * its rollup deltas, so stats are exact at every commit. Demo leads emit no events: replaying a
 * million made-up enquiries to customers' webhooks would be a bug, not a demo.
 */
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Actor } from '../context/actor.ts';
import type { Db } from '../db/client.ts';
import { bulkInsert } from '../db/bulk-insert.ts';
import { companies, developments, leads, leadScores } from '../db/schema/index.ts';
import { createCompany } from '../companies/service.ts';
import { createApiKey } from '../keys/service.ts';
import { notFound } from '../errors.ts';
import { scoreColumns } from '../leads/mapping.ts';
import { scoreLead, type DevelopmentPricing } from '../scoring/index.ts';
import { applyRollupDeltas, RollupDeltas } from '../stats/rollup.ts';
import { DEMO_DEVELOPMENTS, demoLead, rng } from './generate.ts';

export interface SeedOptions {
  leads: number;
  /** Add to this company instead of creating a new one. */
  companyId?: string;
  /** Who is seeding, recorded on every score-history row: the CLI, or a test. */
  actor: Actor;
  /** Leads per transaction. */
  batchSize?: number;
  seed?: number;
  now?: Date;
  onProgress?(done: number, total: number): void;
}

export interface SeedResult {
  company_id: string;
  company_created: boolean;
  /** An all-permission key for a newly created company; shown once. */
  api_key?: string;
  development_ids: string[];
  leads: number;
  seconds: number;
  leads_per_second: number;
}

export async function seedDemo(db: Db, opts: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const now = (opts.now ?? new Date()).getTime();
  const { companyId, created, apiKey } = await demoCompany(db, opts.companyId);
  const devs = await createDemoDevelopments(db, companyId);
  const r = rng(opts.seed ?? 20_240_601);
  // Emails must be unique among a company's live leads, also across repeated runs.
  const tag = randomUUID().slice(0, 6);
  const batchSize = opts.batchSize ?? 2_000;
  let made = 0;
  let written = 0;
  const nextBatch = () => {
    const n = Math.min(batchSize, opts.leads - made);
    const batch = Array.from({ length: n }, (_, j) => leadRow(demoLead(r, made + j, tag, now), companyId, devs));
    made += n;
    return batch;
  };
  opts.onProgress?.(0, opts.leads);
  // Scoring the next batch (JavaScript) overlaps writing this one (the database server).
  let batch = nextBatch();
  while (batch.length > 0) {
    const writing = writeBatch(db, batch, opts.actor);
    const following = made < opts.leads ? nextBatch() : [];
    await writing;
    written += batch.length;
    opts.onProgress?.(written, opts.leads);
    batch = following;
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    company_id: companyId,
    company_created: created,
    ...(apiKey ? { api_key: apiKey } : {}),
    development_ids: devs.map((d) => d.id),
    leads: opts.leads,
    seconds: Math.round(seconds * 10) / 10,
    leads_per_second: Math.round(opts.leads / Math.max(seconds, 0.001)),
  };
}

async function demoCompany(db: Db, companyId?: string) {
  if (companyId) {
    const [row] = await db.select({ id: companies.id }).from(companies).where(eq(companies.id, companyId));
    if (!row) throw notFound('Company');
    return { companyId, created: false, apiKey: undefined };
  }
  const company = await createCompany(db, 'Naybourhood Demo Homes');
  const key = await createApiKey(db, { companyId: company.id, name: 'demo (seed-demo)', permissions: ['all'] });
  return { companyId: company.id, created: true, apiKey: key.key };
}

type SeededDevelopment = { id: string; pricing: DevelopmentPricing };

async function createDemoDevelopments(db: Db, companyId: string): Promise<SeededDevelopment[]> {
  const rows = DEMO_DEVELOPMENTS.map((d) => ({
    id: randomUUID(), companyId, name: d.name, location: d.location, status: d.status,
    totalUnits: d.total_units, priceFrom: d.price_from, priceTo: d.price_to, unitMix: d.unit_mix,
  }));
  await db.insert(developments).values(rows);
  return rows.map((row) => ({
    id: row.id,
    pricing: { price_from: row.priceFrom, price_to: row.priceTo, location: row.location, unit_mix: row.unitMix },
  }));
}

type LeadInsert = typeof leads.$inferInsert & Parameters<RollupDeltas['add']>[0];

function leadRow(lead: ReturnType<typeof demoLead>, companyId: string, devs: SeededDevelopment[]): LeadInsert {
  const dev = lead.development === null ? null : devs[lead.development]!;
  const score = scoreLead(lead, { development: dev?.pricing ?? null });
  // Worked leads were last touched some hours after they arrived.
  const updatedAt = lead.status === 'Contact Pending' ? lead.created_at : new Date(lead.created_at.getTime() + 6 * 3_600_000);
  return {
    id: randomUUID(),
    companyId,
    developmentId: dev?.id ?? null,
    fullName: lead.full_name,
    email: lead.email,
    phone: lead.phone,
    budget: lead.budget,
    paymentMethod: lead.payment_method,
    timeline: lead.timeline,
    purpose: lead.purpose,
    location: lead.location,
    bedrooms: lead.bedrooms,
    source: lead.source,
    category: lead.category,
    notes: lead.notes,
    status: lead.status,
    ...scoreColumns(score, lead.created_at),
    createdAt: lead.created_at,
    updatedAt,
  };
}

async function writeBatch(db: Db, batch: LeadInsert[], actor: Actor): Promise<void> {
  const deltas = new RollupDeltas();
  for (const row of batch) deltas.add(row, 1);
  await db.transaction(async (tx) => {
    // Demo data: a crash may lose the last batches (never corrupt them), so skip the fsync wait.
    await tx.execute(sql`set local synchronous_commit = off`);
    await bulkInsert(tx, leads, batch);
    await bulkInsert(tx, leadScores, batch.map((row) => ({
      id: randomUUID(),
      companyId: row.companyId,
      leadId: row.id!,
      qualityScore: row.qualityScore,
      intentScore: row.intentScore,
      confidenceScore: row.confidenceScore,
      classification: row.classification,
      scoredBy: 'batch',
      actor,
      engineVersion: row.engineVersion,
      scoredAt: row.scoredAt,
    })));
    await applyRollupDeltas(tx, deltas.list());
  });
}
