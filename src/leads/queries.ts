/** Listing leads: filters, newest-first order, page mode and cursor mode. */
import { and, count, eq, getTableColumns, gte, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import { leads } from '../db/schema/index.ts';
import { invalidField } from '../errors.ts';
import { countLeads, type LeadCountFilter } from '../stats/queries.ts';
import { isUuid } from '../ids.ts';
import { toDbTimestamp } from '../db/timestamp.ts';
import { timestampParam } from '../http/timestamp-param.ts';
import { lowerBound, upperBound } from '../http/time-bound.ts';
import type { Tenant } from '../context/context.ts';
import type { LeadListQuery } from './schemas.ts';
import { phoneSearchDigits } from './phone-search.ts';
import type { LeadRow } from './mapping.ts';

interface Cursor {
  createdAt: Date;
  id: string;
}

/** Cursors name the last lead seen, so inserts between pages never shift or repeat a page. */
export function encodeCursor(row: Pick<LeadRow, 'createdAt' | 'id'>): string {
  return Buffer.from(JSON.stringify({ c: row.createdAt.toISOString(), i: row.id })).toString('base64url');
}

export function decodeCursor(cursor: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { c?: unknown; i?: unknown };
    const createdAt = typeof parsed.c === 'string' ? toDbTimestamp(parsed.c) : undefined;
    const id = String(parsed.i);
    if (!createdAt || !isUuid(id)) throw new Error('bad cursor');
    return { createdAt, id };
  } catch {
    throw invalidField('cursor', 'is not a cursor this API returned');
  }
}

function filters(tenant: Tenant, q: LeadListQuery): SQL {
  const conditions: (SQL | undefined)[] = [eq(leads.companyId, tenant.companyId)];
  // Archived leads are kept for their history but only listed when asked for by name.
  conditions.push(q.status ? eq(leads.status, q.status) : ne(leads.status, 'Archived'));
  if (q.classification) conditions.push(eq(leads.classification, q.classification));
  if (q.source) conditions.push(sql`lower(${leads.source}) = lower(${q.source})`);
  if (q.category) conditions.push(eq(leads.category, q.category));
  if (q.development_id) conditions.push(eq(leads.developmentId, q.development_id));
  if (q.created_from) conditions.push(gte(leads.createdAt, timestampParam('created_from', q.created_from)));
  if (q.created_to) conditions.push(lte(leads.createdAt, timestampParam('created_to', q.created_to)));
  if (q.search) {
    const pattern = `%${q.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const phoneDigits = phoneSearchDigits(q.search);
    conditions.push(
      or(
        sql`lower(${leads.fullName}) like ${pattern}`,
        sql`lower(${leads.email}) like ${pattern}`,
        // The expression of leads_search_phone_digits_trgm_idx, so the index serves it.
        phoneDigits ? sql`regexp_replace(${leads.phone}, '[^0-9]', '', 'g') like ${`%${phoneDigits}%`}` : undefined,
      ),
    );
  }
  return and(...conditions)!;
}

// NULLS LAST as the indexes are declared: plain DESC means NULLS FIRST, which PostgreSQL cannot
// read from a NULLS LAST index even on NOT NULL columns, so it sorted the whole company (≈0.5 s
// at 1M leads) instead of reading 20 index entries.
const newestFirst = [sql`${leads.createdAt} desc nulls last`, sql`${leads.id} desc nulls last`];

// Lists leave out the score breakdown (~3 kB of JSON a lead): reading and parsing it for 20 rows
// cost more than the rest of the page. Attributes (up to 32 KiB a lead) come only when asked for:
// a page of 100 leads with them was 100 MB before they were capped, and is 3 MB now.
const { scoreBreakdown: _breakdown, attributes, ...summaryColumns } = getTableColumns(leads);
const columnsFor = (q: LeadListQuery) => (q.expand === 'attributes' ? { ...summaryColumns, attributes } : summaryColumns);

/** A plain date in created_from/created_to names a whole UTC day. */
const withDayBounds = (q: LeadListQuery): LeadListQuery => ({ ...q, created_from: lowerBound(q.created_from), created_to: upperBound(q.created_to) });

export async function listLeadsPage(tenant: Tenant, query: LeadListQuery) {
  const q = withDayBounds(query);
  const page = q.page ?? 1;
  const perPage = q.per_page ?? 20;
  const where = filters(tenant, q);
  const [rows, total] = await Promise.all([
    tenant.db.select(columnsFor(q)).from(leads).where(where).orderBy(...newestFirst).limit(perPage).offset((page - 1) * perPage),
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
  if (q.source === undefined && q.category === undefined && q.search === undefined) {
    const filter: LeadCountFilter = {
      developmentId: q.development_id,
      classification: q.classification,
      status: q.status,
      from: q.created_from === undefined ? undefined : timestampParam('created_from', q.created_from),
      to: q.created_to === undefined ? undefined : timestampParam('created_to', q.created_to),
    };
    return countLeads(tenant, filter);
  }
  const [row] = await tenant.db.select({ total: count() }).from(leads).where(where);
  return row?.total ?? 0;
}

export async function listLeadsAfterCursor(tenant: Tenant, query: LeadListQuery) {
  const q = withDayBounds(query);
  const limit = q.limit ?? 20;
  let where = filters(tenant, q);
  if (q.cursor) {
    const { createdAt, id } = decodeCursor(q.cursor);
    where = and(where, sql`(${leads.createdAt}, ${leads.id}) < (${createdAt.toISOString()}::timestamptz, ${id}::uuid)`)!;
  }
  // One extra row tells whether another page exists without a count.
  const rows = await tenant.db.select(columnsFor(q)).from(leads).where(where).orderBy(...newestFirst).limit(limit + 1);
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return { rows: pageRows, pagination: { nextCursor: hasMore && last ? encodeCursor(last) : null, hasMore } };
}

