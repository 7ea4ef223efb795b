/** The rules of developments: create, read, change, archive. Routes only call these. */
import { randomUUID } from 'node:crypto';
import { and, desc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { developments } from '../db/schema/index.ts';
import { conflict, invalidField, notFound } from '../errors.ts';
import { leadStats } from '../stats/service.ts';
import type { Context, Tenant } from '../context/context.ts';
import type { DevelopmentCreate, DevelopmentPatch } from './schemas.ts';

export type DevelopmentRow = typeof developments.$inferSelect;

/** Newest first; archived developments only when asked for. */
export async function listDevelopments(tenant: Tenant, options: { includeArchived?: boolean } = {}): Promise<DevelopmentRow[]> {
  return tenant.db
    .select()
    .from(developments)
    .where(and(eq(developments.companyId, tenant.companyId), options.includeArchived ? undefined : isNull(developments.archivedAt)))
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
  return tenant.db.transaction(async (tx) => {
    await refuseDuplicateName(tx, tenant.companyId, values.name);
    const [row] = await tx
      .insert(developments)
      .values({ status: 'Active', ...values, id: randomUUID(), companyId: tenant.companyId })
      .returning();
    return row!;
  });
}

/**
 * Two live developments of one company may not share a name (ignoring case and surrounding
 * spaces): leads, stats and the dashboard name them. An archived one frees its name. The lock
 * serialises name checks per company, so two concurrent creates cannot both pass; a unique index
 * would also do it, but would fail to build on a database that already holds duplicates.
 */
async function refuseDuplicateName(tx: Tx, companyId: string, name: string, exceptId?: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`development-name:${companyId}`}))`);
  const [existing] = await tx
    .select({ id: developments.id, name: developments.name })
    .from(developments)
    .where(
      and(
        eq(developments.companyId, companyId),
        isNull(developments.archivedAt),
        sql`lower(${developments.name}) = lower(${name})`,
        exceptId ? ne(developments.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  if (existing) {
    throw conflict(`A development named "${existing.name}" already exists (id ${existing.id})`, { existing_id: existing.id });
  }
}

/** Archives a development: it keeps its data and its leads, and leaves lists unless they ask for it. */
export async function archiveDevelopment(tenant: Tenant, id: string): Promise<DevelopmentRow> {
  const [row] = await tenant.db
    .update(developments)
    .set({ archivedAt: sql`coalesce(${developments.archivedAt}, now())`, updatedAt: sql`now()` })
    .where(and(eq(developments.id, id), eq(developments.companyId, tenant.companyId)))
    .returning();
  if (!row) throw notFound('Development');
  return row;
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
    if (changes.name !== undefined && !current.archivedAt) await refuseDuplicateName(tx, tenant.companyId, changes.name, id);
    const [row] = await tx
      .update(developments)
      .set({ ...changes, updatedAt: sql`now()` })
      .where(and(eq(developments.id, id), eq(developments.companyId, tenant.companyId)))
      .returning();
    return row!;
  });
}

type Columns = Partial<Omit<DevelopmentRow, 'id' | 'companyId' | 'createdAt' | 'updatedAt' | 'archivedAt'>>;

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
