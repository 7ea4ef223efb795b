/**
 * Keeps lead_daily_rollups exact. Every transaction that inserts a lead or changes one of the
 * facts the rollup is keyed on (development, classification, status) or sums (scores) calls
 * recordLeadInRollup before it commits, so a reader never sees the rollup disagree with the leads.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { leadDailyRollups } from '../db/schema/index.ts';
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

export async function applyRollupDeltas(tx: Tx, deltas: RollupDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  const r = leadDailyRollups;
  await tx
    .insert(r)
    .values(deltas)
    .onConflictDoUpdate({
      target: [r.companyId, r.day, r.developmentId, r.classification, r.status],
      set: {
        leads: sql`${r.leads} + excluded.leads`,
        qualitySum: sql`${r.qualitySum} + excluded.quality_sum`,
        intentSum: sql`${r.intentSum} + excluded.intent_sum`,
      },
    });
}

/**
 * The hook for lead writes: `before` is null for a new lead. Call it last in the transaction:
 * the upsert locks a shared rollup row until commit, so the later it runs the less it serialises.
 */
export async function recordLeadInRollup(tx: Tx, before: RollupFacts | null, after: RollupFacts): Promise<void> {
  const deltas = new RollupDeltas();
  if (before) deltas.add(before, -1);
  deltas.add(after, 1);
  await applyRollupDeltas(tx, deltas.list());
}
