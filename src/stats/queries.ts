/**
 * Counting leads fast and exactly. Without a time range the answer comes from lead_rollup_totals
 * (a few hundred rows per company). With one, whole UTC days come from lead_daily_rollups and
 * the partial days at its edges (at most two) are counted from the leads themselves. All parts
 * run in one statement, so they read one snapshot and always add up.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows } from '../db/client.ts';
import { leadDailyRollups as r, leadRollupTotals as rt, leads as l } from '../db/schema/index.ts';
import type { Classification, LeadStatus } from '../scoring/index.ts';
import type { Tenant } from '../context/context.ts';

export interface LeadCountFilter {
  developmentId?: string;
  classification?: Classification;
  /** One status; absent means every status but Archived, like the lead list. */
  status?: LeadStatus;
  /** Inclusive bounds on created_at. */
  from?: Date;
  to?: Date;
}

export interface TimeRange {
  /** Inclusive start, or unbounded. */
  start?: Date;
  /** Exclusive end, or unbounded. */
  end?: Date;
}

/** A range cut into whole UTC days (YYYY-MM-DD, end exclusive) and the partial edges around them. */
export interface SplitRange {
  days: { first?: string; endExclusive?: string } | null;
  edges: TimeRange[];
}

const DAY_MS = 86_400_000;
const floorDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;
const ceilDay = (ms: number) => Math.ceil(ms / DAY_MS) * DAY_MS;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Pure: where the rollup can answer (whole days) and where the leads table must (the edges). */
export function splitRange(from?: Date, to?: Date): SplitRange {
  const start = from?.getTime();
  // created_at has millisecond precision, so "≤ to" is "< to + 1 ms".
  const end = to === undefined ? undefined : to.getTime() + 1;
  if (start !== undefined && end !== undefined && start >= end) return { days: null, edges: [] };
  const firstDay = start === undefined ? undefined : ceilDay(start);
  const endDay = end === undefined ? undefined : floorDay(end);
  if (firstDay !== undefined && endDay !== undefined && firstDay >= endDay) {
    return { days: null, edges: [{ start: from, end: new Date(end!) }] };
  }
  const edges: TimeRange[] = [];
  if (start !== undefined && start < firstDay!) edges.push({ start: from, end: new Date(firstDay!) });
  if (end !== undefined && endDay! < end) edges.push({ start: new Date(endDay!), end: new Date(end) });
  return {
    days: {
      first: firstDay === undefined ? undefined : isoDay(firstDay),
      endExclusive: endDay === undefined ? undefined : isoDay(endDay),
    },
    edges,
  };
}

export type Grouping = 'classification_status' | 'day_classification';

export interface AggregateRow {
  k1: string;
  k2: string;
  leads: number;
  quality_sum: number;
  intent_sum: number;
}

function rollupPart(companyId: string, f: LeadCountFilter, days: NonNullable<SplitRange['days']>, by: Grouping): SQL {
  const where: SQL[] = [sql`${r.companyId} = ${companyId}`];
  if (f.developmentId) where.push(sql`${r.developmentId} = ${f.developmentId}`);
  if (f.classification) where.push(sql`${r.classification} = ${f.classification}`);
  where.push(f.status ? sql`${r.status} = ${f.status}` : sql`${r.status} <> 'Archived'`);
  if (days.first) where.push(sql`${r.day} >= ${days.first}`);
  if (days.endExclusive) where.push(sql`${r.day} < ${days.endExclusive}`);
  const keys = by === 'classification_status' ? sql`${r.classification}, ${r.status}` : sql`${r.day}::text, ${r.classification}`;
  return sql`select ${keys}, sum(${r.leads}) as leads, sum(${r.qualitySum}) as quality_sum, sum(${r.intentSum}) as intent_sum
    from ${r} where ${sql.join(where, sql` and `)} group by 1, 2`;
}

function totalsPart(companyId: string, f: LeadCountFilter): SQL {
  const where: SQL[] = [sql`${rt.companyId} = ${companyId}`];
  if (f.developmentId) where.push(sql`${rt.developmentId} = ${f.developmentId}`);
  if (f.classification) where.push(sql`${rt.classification} = ${f.classification}`);
  where.push(f.status ? sql`${rt.status} = ${f.status}` : sql`${rt.status} <> 'Archived'`);
  return sql`select ${rt.classification}, ${rt.status}, sum(${rt.leads}) as leads, sum(${rt.qualitySum}) as quality_sum, sum(${rt.intentSum}) as intent_sum
    from ${rt} where ${sql.join(where, sql` and `)} group by 1, 2`;
}

function edgePart(companyId: string, f: LeadCountFilter, range: TimeRange, by: Grouping): SQL {
  const where: SQL[] = [sql`${l.companyId} = ${companyId}`];
  if (f.developmentId) where.push(sql`${l.developmentId} = ${f.developmentId}`);
  if (f.classification) where.push(sql`${l.classification} = ${f.classification}`);
  where.push(f.status ? sql`${l.status} = ${f.status}` : sql`${l.status} <> 'Archived'`);
  if (range.start) where.push(sql`${l.createdAt} >= ${range.start.toISOString()}::timestamptz`);
  if (range.end) where.push(sql`${l.createdAt} < ${range.end.toISOString()}::timestamptz`);
  const keys = by === 'classification_status'
    ? sql`${l.classification}, ${l.status}`
    : sql`to_char((${l.createdAt} at time zone 'UTC')::date, 'YYYY-MM-DD'), ${l.classification}`;
  return sql`select ${keys}, count(*) as leads, sum(${l.qualityScore}) as quality_sum, sum(${l.intentScore}) as intent_sum
    from ${l} where ${sql.join(where, sql` and `)} group by 1, 2`;
}

/** Lead counts and score sums matching the filter, grouped two ways; exact, in one statement. */
export async function aggregateLeads(tenant: Tenant, f: LeadCountFilter, by: Grouping): Promise<AggregateRow[]> {
  const split = splitRange(f.from, f.to);
  const parts: SQL[] = [];
  const allTime = split.days && split.days.first === undefined && split.days.endExclusive === undefined;
  if (allTime && by === 'classification_status') parts.push(totalsPart(tenant.companyId, f));
  else if (split.days) parts.push(rollupPart(tenant.companyId, f, split.days, by));
  for (const edge of split.edges) parts.push(edgePart(tenant.companyId, f, edge, by));
  if (parts.length === 0) return [];
  const query = sql`select k1, k2, sum(leads)::bigint as leads, sum(quality_sum)::bigint as quality_sum, sum(intent_sum)::bigint as intent_sum
    from (${sql.join(parts.map((p) => sql`(${p})`), sql` union all `)}) as parts(k1, k2, leads, quality_sum, intent_sum)
    group by k1, k2`;
  return (await queryRows(tenant.db, query)).map((row) => ({
    k1: String(row.k1),
    k2: String(row.k2),
    leads: Number(row.leads),
    quality_sum: Number(row.quality_sum),
    intent_sum: Number(row.intent_sum),
  }));
}

/** How many leads match: the lead list's meta.total for the filters the rollup knows. */
export async function countLeads(tenant: Tenant, f: LeadCountFilter): Promise<number> {
  const rows = await aggregateLeads(tenant, f, 'classification_status');
  return rows.reduce((sum, row) => sum + row.leads, 0);
}
