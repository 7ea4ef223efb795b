/**
 * Labels for learning, from a lead's status history. Pure.
 *
 * p_show is positive once a lead reached `Viewing Attended` or later; p_sql once it reached
 * `Reserved` or later — whatever it moved to afterwards. A lead that did not get there is a negative
 * once it is `Lost` (or archived), or once it has gone `noProgressDays` without moving; until then
 * it is open and not a label.
 */
import type { LeadStatus } from '../scoring/index.ts';

const RANK: Readonly<Record<string, number>> = {
  'Contact Pending': 0, Contacted: 1, 'Viewing Booked': 2, 'Viewing Attended': 3, Reserved: 4, Exchanged: 5, Sold: 6,
};
const SHOW_RANK = 3;
const SQL_RANK = 4;
const DAY_MS = 86_400_000;

export interface StatusHistory {
  /** every status the lead has had (order does not matter) */
  statuses: readonly LeadStatus[];
  current: LeadStatus;
  /** when the lead last changed status (or was created) */
  lastChangeAt: Date;
}

export interface Labels {
  show: 0 | 1 | null;
  sql: 0 | 1 | null;
}

export function furthestRank(statuses: readonly LeadStatus[]): number {
  let r = -1;
  for (const s of statuses) r = Math.max(r, RANK[s] ?? -1);
  return r;
}

export function labelsOf(h: StatusHistory, now: Date, noProgressDays: number): Labels {
  const furthest = furthestRank([...h.statuses, h.current]);
  const closed = h.current === 'Lost' || h.current === 'Archived' || now.getTime() - h.lastChangeAt.getTime() >= noProgressDays * DAY_MS;
  const label = (rank: number): 0 | 1 | null => (furthest >= rank ? 1 : closed ? 0 : null);
  return { show: label(SHOW_RANK), sql: label(SQL_RANK) };
}
