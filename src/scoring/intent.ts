/**
 * Intent: will they buy soon? Timeline, purpose, source, engagement and pipeline status.
 * Max 45 + 10 + 15 + 10 + 20 = 100.
 */
import type { LeadSignals } from './signals.ts';
import { PURPOSES, type Purpose } from './purpose.ts';
import { SOURCE_KINDS, type SourceKind } from './source.ts';
import { LEAD_STATUSES, type LeadStatus } from './types.ts';
import { factor, total, joinPart, spacedLabels, type Factor, type ScorePart } from './factors.ts';

export const INTENT_MAX = { timeline: 45, purpose: 10, source: 15, engagement: 10, status: 20 } as const;

/** (days, points) knots; points fall as the move gets further away. Straight lines between knots. */
export const TIMELINE_KNOTS: ReadonlyArray<readonly [number, number]> = [
  [0, 45], [7, 44], [28, 40], [60, 34], [90, 30], [180, 20], [365, 10], [730, 4],
];
export const TIMELINE_UNPARSED_POINTS = 10;
export const TIMELINE_MISSING_POINTS = 6;
export const TIMELINE_BROWSING_POINTS = 0;

export const PURPOSE_INTENT: Readonly<Record<Purpose, number>> = {
  primary_residence: 10, investment: 7, buy_to_let: 7, second_home: 5, unknown: 3,
};
export const PURPOSE_MISSING_INTENT = 2;

export const SOURCE_POINTS: Readonly<Record<SourceKind, number>> = {
  referral: 15, direct: 15, website: 13, portal: 12, search: 9, form: 8, email: 7, other: 6, social: 5, unknown: 4,
};

export const STATUS_POINTS: Readonly<Record<LeadStatus, number>> = {
  'Contact Pending': 0, Contacted: 6, 'Viewing Booked': 14, 'Viewing Attended': 17,
  Reserved: 20, Exchanged: 20, Sold: 20, Lost: 0, Archived: 0,
};
/** Intent cap for leads marked Lost/Archived, and for fake leads. */
export const LOST_INTENT_CAP = 15;

// detail strings that depend only on an enum value, built once instead of per lead
const PURPOSE_DETAIL = prefixed('Purpose: ', spacedLabels(PURPOSES));
const SOURCE_DETAIL = prefixed('Source: ', identity(SOURCE_KINDS));
const STATUS_DETAIL = prefixed('Status: ', identity(LEAD_STATUSES));
const CAP_REASON = prefixed('Lead is ', identity(LEAD_STATUSES));

function identity<T extends string>(values: readonly T[]): Readonly<Record<T, string>> {
  const out = {} as Record<T, string>;
  for (const v of values) out[v] = v;
  return out;
}

function prefixed<T extends string>(prefix: string, labels: Readonly<Record<T, string>>): Readonly<Record<T, string>> {
  const out = {} as Record<T, string>;
  for (const k of Object.keys(labels) as T[]) out[k] = prefix + labels[k];
  return out;
}

export function timelinePoints(days: number): number {
  const k = TIMELINE_KNOTS;
  if (days <= k[0]![0]) return k[0]![1];
  for (let i = 1; i < k.length; i++) {
    const [d1, p1] = k[i]!;
    if (days <= d1) {
      const [d0, p0] = k[i - 1]!;
      return p0 + ((p1 - p0) * (days - d0)) / (d1 - d0);
    }
  }
  return k[k.length - 1]![1];
}

function timelineFactor(s: LeadSignals): Factor {
  const max = INTENT_MAX.timeline;
  const t = s.timeline;
  if (t === null) return factor('timeline', TIMELINE_MISSING_POINTS, max, 'No timeline given');
  if (t.browsing) return factor('timeline', TIMELINE_BROWSING_POINTS, max, 'Just browsing');
  if (s.timeline_days === null) return factor('timeline', TIMELINE_UNPARSED_POINTS, max, 'Timeline given but unclear');
  const d = s.timeline_days;
  return factor('timeline', timelinePoints(d), max, d === 0 ? 'Ready now' : `About ${d} days away`);
}

function purposeFactor(s: LeadSignals): Factor {
  const max = INTENT_MAX.purpose;
  if (s.purpose === null) return factor('purpose', PURPOSE_MISSING_INTENT, max, 'No purpose given');
  const p = s.purpose.purpose;
  return factor('purpose', PURPOSE_INTENT[p], max, PURPOSE_DETAIL[p]);
}

function sourceFactor(s: LeadSignals): Factor {
  return factor('source', SOURCE_POINTS[s.source], INTENT_MAX.source, SOURCE_DETAIL[s.source]);
}

function engagementFactor(s: LeadSignals): Factor {
  let pts = 0;
  let parts = '';
  if (s.notes_length >= 20) { pts += 4; parts = 'detailed notes'; }
  else if (s.notes_length > 0) { pts += 2; parts = 'short notes'; }
  if (s.bedrooms !== null) { pts += 2; parts = joinPart(parts, 'bedrooms stated', ', '); }
  if (s.location_given) { pts += 2; parts = joinPart(parts, 'location stated', ', '); }
  if (s.attribute_count > 0) { pts += 2; parts = joinPart(parts, 'extra form answers', ', '); }
  return factor('engagement', pts, INTENT_MAX.engagement, parts.length > 0 ? parts : 'Nothing beyond the basics');
}

function statusFactor(s: LeadSignals): Factor {
  const st = s.status;
  if (st === null) return factor('status', 0, INTENT_MAX.status, 'New lead');
  return factor('status', STATUS_POINTS[st], INTENT_MAX.status, STATUS_DETAIL[st]);
}

export function intentScore(s: LeadSignals): ScorePart {
  const factors: Factor[] = [timelineFactor(s), purposeFactor(s), sourceFactor(s), engagementFactor(s), statusFactor(s)];
  if (s.fake_reasons.length > 0) return total(factors, LOST_INTENT_CAP, 'Fake lead');
  const lost = s.status === 'Lost' || s.status === 'Archived';
  // the reason is only read when the cap applies (Lost or Archived)
  return total(factors, lost ? LOST_INTENT_CAP : null, s.status === null ? 'Lead is ' : CAP_REASON[s.status]);
}
