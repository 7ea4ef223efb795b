/**
 * Keeps lead_daily_rollups and lead_rollup_totals exact. Every transaction that inserts a lead or changes one of the
 * facts the rollup is keyed on (development, classification, status) or sums (scores) calls
 * leadRollupUpserts before it commits, so a reader never sees the rollup disagree with the leads.
 */
import { sql } from 'drizzle-orm';
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

const addExcluded = (r: typeof leadDailyRollups | typeof leadRollupTotals) => ({
  leads: sql`${r.leads} + excluded.leads`,
  qualitySum: sql`${r.qualitySum} + excluded.quality_sum`,
  intentSum: sql`${r.intentSum} + excluded.intent_sum`,
});

/** Adds deltas to the daily rows and to the all-time totals (deltas of one day's key fold into one total). */
export async function applyRollupDeltas(tx: Tx, deltas: RollupDelta[]): Promise<void> {
  await executeAll(tx, rollupUpserts(tx, deltas));
}

/**
 * The two upserts of applyRollupDeltas, unrun, for callers that send them with other writes
 * (executeAll). Keep them last there: executeAll then runs every caller's in the same order.
 */
export function rollupUpserts(tx: Tx, deltas: RollupDelta[]) {
  if (deltas.length === 0) return [];
  const d = leadDailyRollups;
  const t = leadRollupTotals;
  return [
    tx.insert(d)
      .values(deltas)
      .onConflictDoUpdate({ target: [d.companyId, d.day, d.developmentId, d.classification, d.status], set: addExcluded(d) }),
    tx.insert(t)
      .values(foldDays(deltas))
      .onConflictDoUpdate({ target: [t.companyId, t.developmentId, t.classification, t.status], set: addExcluded(t) }),
  ];
}

/** Daily deltas summed over their days, in key order like the daily ones. */
function foldDays(deltas: RollupDelta[]): (typeof leadRollupTotals.$inferInsert)[] {
  const byKey = new Map<string, typeof leadRollupTotals.$inferInsert>();
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
export function leadRollupUpserts(tx: Tx, before: RollupFacts | null, after: RollupFacts) {
  const deltas = new RollupDeltas();
  if (before) deltas.add(before, -1);
  deltas.add(after, 1);
  return rollupUpserts(tx, deltas.list());
}
