/** The rules of developments: create, read, change. Routes only call these. */
import { randomUUID } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { developments } from '../db/schema/index.ts';
import { invalidField, notFound } from '../errors.ts';
import { leadStats } from '../stats/service.ts';
import type { Context, Tenant } from '../context/context.ts';
import type { DevelopmentCreate, DevelopmentPatch } from './schemas.ts';

export type DevelopmentRow = typeof developments.$inferSelect;

export async function listDevelopments(tenant: Tenant): Promise<DevelopmentRow[]> {
  return tenant.db
    .select()
    .from(developments)
    .where(eq(developments.companyId, tenant.companyId))
    .orderBy(desc(developments.createdAt), desc(developments.id));
}

export async function getDevelopment(tenant: Tenant, id: string): Promise<DevelopmentRow> {
  const [row] = await tenant.db
    .select()
    .from(developments)
    .where(and(eq(developments.id, id), eq(developments.companyId, tenant.companyId)));
  if (!row) throw notFound('Development');
  return row;
}

/** A development with the same lead statistics GET /stats?development_id= gives. */
export async function getDevelopmentWithStats(tenant: Tenant, id: string) {
  const row = await getDevelopment(tenant, id);
  return { row, stats: await leadStats(tenant, { developmentId: id }) };
}

export async function createDevelopment(tenant: Context, input: DevelopmentCreate): Promise<DevelopmentRow> {
  const values = { ...columnsFrom(input), name: input.name.trim() };
  checkConsistency(values);
  const [row] = await tenant.db
    .insert(developments)
    .values({ status: 'Active', ...values, id: randomUUID(), companyId: tenant.companyId })
    .returning();
  return row!;
}

/**
 * Leads already scored against this development keep their scores until they are re-scored:
 * a price change is a fact about the site, not a change to what each buyer told us.
 */
export async function updateDevelopment(tenant: Context, id: string, patch: DevelopmentPatch): Promise<DevelopmentRow> {
  return tenant.db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(developments)
      .where(and(eq(developments.id, id), eq(developments.companyId, tenant.companyId)))
      .for('update');
    if (!current) throw notFound('Development');
    const changes = columnsFrom(patch);
    if (patch.name !== undefined) changes.name = patch.name.trim();
    checkConsistency({ ...current, ...changes });
    const [row] = await tx
      .update(developments)
      .set({ ...changes, updatedAt: sql`now()` })
      .where(and(eq(developments.id, id), eq(developments.companyId, tenant.companyId)))
      .returning();
    return row!;
  });
}

type Columns = Partial<Omit<DevelopmentRow, 'id' | 'companyId' | 'createdAt' | 'updatedAt'>>;

function columnsFrom(input: DevelopmentCreate | DevelopmentPatch): Columns {
  const out: Columns = {};
  if (input.location !== undefined) out.location = input.location?.trim() || null;
  if (input.status !== undefined) out.status = input.status;
  if (input.total_units !== undefined) out.totalUnits = input.total_units;
  if (input.price_from !== undefined) out.priceFrom = input.price_from;
  if (input.price_to !== undefined) out.priceTo = input.price_to;
  if (input.unit_mix !== undefined) out.unitMix = input.unit_mix;
  return out;
}

/** Rules across fields, checked on the development as it will be stored (after a patch too). */
function checkConsistency(d: Columns): void {
  if (d.name !== undefined && d.name.trim() === '') throw invalidField('name', 'must not be empty');
  if (d.priceFrom != null && d.priceTo != null && d.priceFrom > d.priceTo) {
    throw invalidField('price_from', `must not be more than price_to (${d.priceFrom} > ${d.priceTo})`);
  }
  let units = 0;
  for (const [bedrooms, row] of Object.entries(d.unitMix ?? {})) {
    if (row.price_from !== undefined && row.price_to !== undefined && row.price_from > row.price_to) {
      throw invalidField(`unit_mix.${bedrooms}.price_from`, `must not be more than price_to (${row.price_from} > ${row.price_to})`);
    }
    units += row.count ?? 0;
  }
  if (d.totalUnits != null && units > d.totalUnits) {
    throw invalidField('unit_mix', `counts ${units} units, more than total_units (${d.totalUnits})`);
  }
}
