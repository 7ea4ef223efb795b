/**
 * Keeps lead_daily_rollups and lead_rollup_totals exact. Every transaction that inserts a lead or changes one of the
 * facts the rollup is keyed on (development, classification, status) or sums (scores) calls
 * leadRollupUpserts before it commits, so a reader never sees the rollup disagree with the leads.
 */
import { sql, type SQL } from 'drizzle-orm';
import { executeAll, type Tx } from '../db/client.ts';
import { leadDailyRollups, leadRollupTotals } from '../db/schema/index.ts';
import type { LeadRow } from '../leads/mapping.ts';

/** The facts of a lead that the rollup counts. */
export type RollupFacts = Pick<
  LeadRow,
  'companyId' | 'developmentId' | 'createdAt' | 'classification' | 'status' | 'qualityScore' | 'intentScore'
>;

export type RollupDelta = typeof leadDailyRollups.$inferInsert;

/** The UTC calendar day a lead belongs to, as YYYY-MM-DD: the rollup's and the trend's day. */
export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

/** Sums +1/-1 contributions of leads per rollup key, so a batch becomes one upsert per key. */
export class RollupDeltas {
  private readonly byKey = new Map<string, RollupDelta>();

  add(lead: RollupFacts, sign: 1 | -1): this {
    const day = utcDay(lead.createdAt);
    const key = `${lead.companyId}|${day}|${lead.developmentId ?? ''}|${lead.classification}|${lead.status}`;
    let delta = this.byKey.get(key);
    if (!delta) {
      delta = {
        companyId: lead.companyId, developmentId: lead.developmentId, day,
        classification: lead.classification, status: lead.status, leads: 0, qualitySum: 0, intentSum: 0,
      };
      this.byKey.set(key, delta);
    }
    delta.leads += sign;
    delta.qualitySum += sign * lead.qualityScore;
    delta.intentSum += sign * lead.intentScore;
    return this;
  }

  /**
   * Non-zero deltas in key order: concurrent transactions then lock rollup rows in the same
   * order, so a lead moving A→B while another moves B→A cannot deadlock.
   */
  list(): RollupDelta[] {
    return [...this.byKey.entries()]
      .filter(([, d]) => d.leads !== 0 || d.qualitySum !== 0 || d.intentSum !== 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, d]) => d);
  }
}

/** Adds deltas to the daily rows and to the all-time totals (deltas of one day's key fold into one total). */
export async function applyRollupDeltas(tx: Tx, deltas: RollupDelta[]): Promise<void> {
  await executeAll(tx, rollupUpserts(deltas));
}

/**
 * The two upserts of applyRollupDeltas, unrun, for callers that send them with other writes
 * (executeAll). Keep them last there: executeAll then runs every caller's in the same order.
 */
export function rollupUpserts(deltas: RollupDelta[]): SQL[] {
  if (deltas.length === 0) return [];
  return [addTo(leadDailyRollups, deltas), addTo(leadRollupTotals, foldDays(deltas))];
}

/**
 * One upsert adding each delta to its row. The rows travel as one JSON parameter (cheaper to build
 * than Drizzle's VALUES, see src/db/bulk-insert.ts) and are upserted, so locked, in the order given.
 */
function addTo(table: typeof leadDailyRollups | typeof leadRollupTotals, rows: (RollupDelta | RollupTotal)[]): SQL {
  const daily = table === leadDailyRollups;
  const key = sql.raw(daily ? 'company_id, day, development_id, classification, status' : 'company_id, development_id, classification, status');
  const json = JSON.stringify(rows.map((r) => ({
    company_id: r.companyId, development_id: r.developmentId ?? null, day: 'day' in r ? r.day : null,
    classification: r.classification, status: r.status, leads: r.leads, quality_sum: r.qualitySum, intent_sum: r.intentSum,
  })));
  return sql`insert into ${table} (${key}, leads, quality_sum, intent_sum)
    select ${key}, leads, quality_sum, intent_sum from json_to_recordset(${json}::json) as r(company_id uuid, development_id uuid,
      day date, classification text, status text, leads integer, quality_sum bigint, intent_sum bigint)
    on conflict (${key}) do update set leads = ${table}.leads + excluded.leads,
      quality_sum = ${table}.quality_sum + excluded.quality_sum, intent_sum = ${table}.intent_sum + excluded.intent_sum`;
}

type RollupTotal = typeof leadRollupTotals.$inferInsert;

/** Daily deltas summed over their days, in key order like the daily ones. */
function foldDays(deltas: RollupDelta[]): RollupTotal[] {
  const byKey = new Map<string, RollupTotal>();
  for (const { day: _day, ...delta } of deltas) {
    const key = `${delta.companyId}|${delta.developmentId ?? ''}|${delta.classification}|${delta.status}`;
    const total = byKey.get(key);
    if (!total) byKey.set(key, { ...delta });
    else {
      total.leads += delta.leads;
      total.qualitySum += delta.qualitySum;
      total.intentSum += delta.intentSum;
    }
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, total]) => total);
}

/**
 * The rollup writes of a lead change (`before` is null for a new lead), unrun. Send them last in the
 * transaction: the upsert locks a shared rollup row until commit, so the later it runs the less it
 * serialises.
 */
export function leadRollupUpserts(before: RollupFacts | null, after: RollupFacts): SQL[] {
  const deltas = new RollupDeltas();
  if (before) deltas.add(before, -1);
  deltas.add(after, 1);
  return rollupUpserts(deltas.list());
}
