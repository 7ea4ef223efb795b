/** Listing leads: filters, orders (newest first, call priority, scores), page mode and cursor mode. */
import { and, count, eq, getTableColumns, gte, lte, ne, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { leads } from '../db/schema/index.ts';
import { invalidField } from '../errors.ts';
import { countLeads, type LeadCountFilter } from '../stats/queries.ts';
import { isUuid } from '../ids.ts';
import { toDbTimestamp } from '../db/timestamp.ts';
import type { Tenant } from '../context/context.ts';
import type { LeadListQuery, LeadSort } from './schemas.ts';
import type { LeadRow } from './mapping.ts';

interface Cursor {
  createdAt: Date;
  id: string;
  /** The sort key's value on the last lead seen (absent for newest first). */
  key?: number;
}

/**
 * How each order reads: a key column (none for newest first), then age and id to break ties, all
 * in one direction so a cursor is one row comparison. Call priority runs 1 (call now) to 5, and
 * within a priority the lead waiting longest comes first; scores and probabilities run highest first.
 */
const ORDERS: Record<LeadSort, { key: AnyColumn; field: keyof LeadRow; ascending: boolean; keyType: 'int' | 'real' } | null> = {
  newest: null,
  call_priority: { key: leads.callPriority, field: 'callPriority', ascending: true, keyType: 'int' },
  quality_score: { key: leads.qualityScore, field: 'qualityScore', ascending: false, keyType: 'int' },
  intent_score: { key: leads.intentScore, field: 'intentScore', ascending: false, keyType: 'int' },
  confidence_score: { key: leads.confidenceScore, field: 'confidenceScore', ascending: false, keyType: 'int' },
  p_fin: { key: leads.pFin, field: 'pFin', ascending: false, keyType: 'real' },
  p_show: { key: leads.pShow, field: 'pShow', ascending: false, keyType: 'real' },
  p_sql: { key: leads.pSql, field: 'pSql', ascending: false, keyType: 'real' },
};

/** Cursors name the last lead seen, so inserts between pages never shift or repeat a page. */
export function encodeCursor(row: Pick<LeadRow, 'createdAt' | 'id'> & Partial<LeadRow>, sort: LeadSort = 'newest'): string {
  const order = ORDERS[sort];
  const payload: Record<string, unknown> = { c: row.createdAt.toISOString(), i: row.id };
  if (order) Object.assign(payload, { s: sort, k: row[order.field] });
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

export function decodeCursor(cursor: string, sort: LeadSort = 'newest'): Cursor {
  let parsed: { c?: unknown; i?: unknown; s?: unknown; k?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as typeof parsed;
  } catch {
    throw invalidField('cursor', 'is not a cursor this API returned');
  }
  const createdAt = typeof parsed?.c === 'string' ? toDbTimestamp(parsed.c) : undefined;
  const id = String(parsed?.i);
  if (!createdAt || !isUuid(id)) throw invalidField('cursor', 'is not a cursor this API returned');
  if ((parsed.s ?? 'newest') !== sort) throw invalidField('cursor', 'was returned for another sort; keep the sort while paging');
  if (sort === 'newest') return { createdAt, id };
  if (typeof parsed.k !== 'number' || !Number.isFinite(parsed.k)) throw invalidField('cursor', 'is not a cursor this API returned');
  return { createdAt, id, key: parsed.k };
}

function filters(tenant: Tenant, q: LeadListQuery): SQL {
  const conditions: (SQL | undefined)[] = [eq(leads.companyId, tenant.companyId)];
  // Archived leads are kept for their history but only listed when asked for by name.
  conditions.push(q.status ? eq(leads.status, q.status) : ne(leads.status, 'Archived'));
  if (q.classification) conditions.push(eq(leads.classification, q.classification));
  if (q.source) conditions.push(sql`lower(${leads.source}) = lower(${q.source})`);
  if (q.category) conditions.push(eq(leads.category, q.category));
  if (q.development_id) conditions.push(eq(leads.developmentId, q.development_id));
  if (q.is_28_day_buyer !== undefined) conditions.push(eq(leads.is28DayBuyer, q.is_28_day_buyer));
  if (q.call_priority !== undefined) conditions.push(eq(leads.callPriority, q.call_priority));
  if (q.created_from) conditions.push(gte(leads.createdAt, timestampParam('created_from', q.created_from)));
  if (q.created_to) conditions.push(lte(leads.createdAt, timestampParam('created_to', q.created_to)));
  if (q.search) {
    const pattern = `%${q.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(sql`lower(${leads.fullName}) like ${pattern}`, sql`lower(${leads.email}) like ${pattern}`));
  }
  return and(...conditions)!;
}

/** The schema checks the shape; this refuses what the database would (year 0, a leap second). */
function timestampParam(field: string, value: string | Date): Date {
  const date = toDbTimestamp(String(value instanceof Date ? value.toISOString() : value));
  if (!date) throw invalidField(field, 'must be a real date and time from year 1 to 9999');
  return date;
}

// NULLS LAST as the indexes are declared: plain DESC means NULLS FIRST, which PostgreSQL cannot
// read from a NULLS LAST index even on NOT NULL columns, so it sorted the whole company (≈0.5 s
// at 1M leads) instead of reading 20 index entries.
function orderBy(sort: LeadSort): SQL[] {
  const order = ORDERS[sort];
  const direction = order?.ascending ? sql`asc` : sql`desc nulls last`;
  const columns = order ? [order.key, leads.createdAt, leads.id] : [leads.createdAt, leads.id];
  return columns.map((column) => sql`${column} ${direction}`);
}

/** Rows after the cursor's row in the list's order: one row-value comparison the index can seek. */
function afterCursor(sort: LeadSort, cursor: Cursor): SQL {
  const order = ORDERS[sort];
  const after = order?.ascending ? sql`>` : sql`<`;
  const at = sql`${cursor.createdAt.toISOString()}::timestamptz`;
  const id = sql`${cursor.id}::uuid`;
  if (!order) return sql`(${leads.createdAt}, ${leads.id}) ${after} (${at}, ${id})`;
  // The key is cast to the column's own type: a real compared as a double would never equal itself.
  const value = order.keyType === 'real' ? sql`${cursor.key}::real` : sql`${cursor.key}::int`;
  return sql`(${order.key}, ${leads.createdAt}, ${leads.id}) ${after} (${value}, ${at}, ${id})`;
}

// Lists leave out the score breakdown (~3 kB of JSON a lead): reading and parsing it for 20 rows
// cost more than the rest of the page.
const { scoreBreakdown: _breakdown, ...listColumns } = getTableColumns(leads);

export async function listLeadsPage(tenant: Tenant, q: LeadListQuery) {
  const page = q.page ?? 1;
  const perPage = q.per_page ?? 20;
  const where = filters(tenant, q);
  const [rows, total] = await Promise.all([
    tenant.db.select(listColumns).from(leads).where(where).orderBy(...orderBy(q.sort ?? 'newest')).limit(perPage).offset((page - 1) * perPage),
    totalOf(tenant, q, where),
  ]);
  return { rows, meta: { page, per_page: perPage, total, total_pages: Math.ceil(total / perPage) } };
}

/**
 * Exact totals. Counting a million rows takes a PostgreSQL far longer than a page read, so the
 * filters the daily rollup is keyed on are answered from it; source, category and search are not
 * in the rollup and are counted from the leads.
 */
async function totalOf(tenant: Tenant, q: LeadListQuery, where: SQL): Promise<number> {
  const inRollup = q.source === undefined && q.category === undefined && q.search === undefined;
  if (inRollup && q.is_28_day_buyer === undefined && q.call_priority === undefined) {
    const filter: LeadCountFilter = {
      developmentId: q.development_id,
      classification: q.classification,
      status: q.status,
      from: q.created_from === undefined ? undefined : new Date(q.created_from),
      to: q.created_to === undefined ? undefined : new Date(q.created_to),
    };
    return countLeads(tenant, filter);
  }
  const [row] = await tenant.db.select({ total: count() }).from(leads).where(where);
  return row?.total ?? 0;
}

export async function listLeadsAfterCursor(tenant: Tenant, q: LeadListQuery) {
  const limit = q.limit ?? 20;
  const sort = q.sort ?? 'newest';
  let where = filters(tenant, q);
  if (q.cursor) where = and(where, afterCursor(sort, decodeCursor(q.cursor, sort)))!;
  // One extra row tells whether another page exists without a count.
  const rows = await tenant.db.select(listColumns).from(leads).where(where).orderBy(...orderBy(sort)).limit(limit + 1);
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return { rows: pageRows, pagination: { nextCursor: hasMore && last ? encodeCursor(last, sort) : null, hasMore } };
}

