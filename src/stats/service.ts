/**
 * Lead statistics for a company or one development. Every number comes from aggregateLeads, the
 * same exact count the lead list uses for meta.total, so the three never disagree.
 */
import { and, eq } from 'drizzle-orm';
import { developments } from '../db/schema/index.ts';
import { invalidField, notFound } from '../errors.ts';
import { CLASSIFICATIONS, LEAD_STATUSES } from '../scoring/index.ts';
import type { Tenant } from '../context/context.ts';
import { aggregateLeads, type AggregateRow, type LeadCountFilter } from './queries.ts';
import type { LeadStats, StatsQuery } from './schemas.ts';

const TREND_DAYS = 30;
const DAY_MS = 86_400_000;
const LIVE_STATUSES = LEAD_STATUSES.filter((s) => s !== 'Archived');

const zeros = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<string, number>;
const average = (sum: number, n: number) => (n === 0 ? null : Math.round((sum / n) * 10) / 10);

/** Totals, breakdowns and mean scores of the leads matching a filter (archived leads excluded). */
export async function leadStats(tenant: Tenant, filter: LeadCountFilter): Promise<LeadStats> {
  return summarise(await aggregateLeads(tenant, filter, 'classification_status'));
}

function summarise(rows: AggregateRow[]): LeadStats {
  const byClassification = zeros(CLASSIFICATIONS);
  const byStatus = zeros(LIVE_STATUSES);
  let total = 0;
  let quality = 0;
  let intent = 0;
  for (const row of rows) {
    byClassification[row.k1] = (byClassification[row.k1] ?? 0) + row.leads;
    byStatus[row.k2] = (byStatus[row.k2] ?? 0) + row.leads;
    total += row.leads;
    quality += row.quality_sum;
    intent += row.intent_sum;
  }
  return {
    total_leads: total,
    by_classification: byClassification,
    by_status: byStatus,
    avg_quality_score: average(quality, total),
    avg_intent_score: average(intent, total),
  };
}

/** GET /stats: the filtered totals plus a 30-day daily series and the 7- and 30-day counts. */
export async function companyStats(tenant: Tenant, q: StatsQuery, now = new Date()) {
  const from = q.from === undefined ? undefined : new Date(q.from);
  const to = q.to === undefined ? undefined : new Date(q.to);
  if (from && to && from > to) throw invalidField('from', 'must not be after to');
  if (q.development_id) await requireDevelopment(tenant, q.development_id);
  const filter: LeadCountFilter = { developmentId: q.development_id, from, to };

  const days = trendDays(now);
  const trendStart = new Date(`${days[0]}T00:00:00.000Z`);
  // The series covers the last 30 days, narrowed further by from/to when they are given.
  const trendFilter = { ...filter, from: from && from > trendStart ? from : trendStart };
  const [totals, daily] = await Promise.all([
    aggregateLeads(tenant, filter, 'classification_status'),
    aggregateLeads(tenant, trendFilter, 'day_classification'),
  ]);

  const trend = days.map((date) => ({ date, leads: 0, by_classification: zeros(CLASSIFICATIONS) }));
  const index = new Map(trend.map((d, i) => [d.date, i]));
  for (const row of daily) {
    const i = index.get(row.k1);
    if (i === undefined) continue; // a lead dated after "now" (clock skew between processes)
    trend[i]!.leads += row.leads;
    trend[i]!.by_classification[row.k2] = (trend[i]!.by_classification[row.k2] ?? 0) + row.leads;
  }
  const sumLeads = (entries: typeof trend) => entries.reduce((s, d) => s + d.leads, 0);
  return {
    ...summarise(totals),
    leads_last_7d: sumLeads(trend.slice(-7)),
    leads_last_30d: sumLeads(trend),
    trend,
  };
}

/** The last 30 UTC calendar days as YYYY-MM-DD, oldest first, ending today. */
export function trendDays(now: Date): string[] {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  return Array.from({ length: TREND_DAYS }, (_, i) => new Date(today - (TREND_DAYS - 1 - i) * DAY_MS).toISOString().slice(0, 10));
}

async function requireDevelopment(tenant: Tenant, id: string): Promise<void> {
  const [dev] = await tenant.db
    .select({ id: developments.id })
    .from(developments)
    .where(and(eq(developments.id, id), eq(developments.companyId, tenant.companyId)));
  if (!dev) throw notFound('Development');
}
