/**
 * Intent: will they buy soon? Above all the timeline together with the ability to proceed (a
 * table, up to 87), then engagement (8), purpose (3) and source (2). Purpose and source only
 * refine: their absence never holds a proceedable buyer back. The table keeps every class's
 * promise: a proceedable buyer within about 3 months is ≥ 70 on that alone, one within about 6
 * months ≥ 50, a mortgage in progress within about 3 months ≥ 50; nothing else reaches those
 * lines by refinements alone.
 */
import type { LeadSignals, Readiness } from './signals.ts';
import type { TimelineBand } from './timeline.ts';
import { PURPOSES, type Purpose } from './purpose.ts';
import { SOURCE_KINDS, type SourceKind } from './source.ts';
import { factor, total, joinPart, spacedLabels, type Factor, type ScorePart } from './factors.ts';

export const INTENT_MAX = { timeline_and_readiness: 87, engagement: 8, purpose: 3, source: 2 } as const;

type Row = Readonly<Record<TimelineBand, number>>;
/** Intent by payment readiness (rows) and timeline band (columns). Sooner is never lower in a row; a stronger row is never lower. */
export const INTENT_TABLE: Readonly<Record<Readiness, Row>> = {
  proceedable: { '28_days': 87, '3_months': 75, '6_months': 58, '12_months': 34, later: 22, unknown: 44, browsing: 5 },
  part_exchange: { '28_days': 55, '3_months': 55, '6_months': 52, '12_months': 32, later: 20, unknown: 34, browsing: 5 },
  in_progress: { '28_days': 55, '3_months': 53, '6_months': 34, '12_months': 26, later: 18, unknown: 30, browsing: 5 },
  chain: { '28_days': 34, '3_months': 33, '6_months': 30, '12_months': 24, later: 16, unknown: 24, browsing: 5 },
  unknown: { '28_days': 50, '3_months': 46, '6_months': 32, '12_months': 24, later: 16, unknown: 20, browsing: 5 },
};

/** The most engagement, purpose and source can add. */
const REFINEMENTS_MAX = INTENT_MAX.engagement + INTENT_MAX.purpose + INTENT_MAX.source;

/**
 * Whether the best answers to the unknowns (a proceedable buyer, moving within a month) could
 * bring intent to `line` given what is known.
 */
export function couldReachIntent(s: LeadSignals, line: number): boolean {
  const rows: Readiness[] = s.readiness === 'unknown' ? ['proceedable'] : [s.readiness];
  const band: TimelineBand = s.band === 'unknown' ? '28_days' : s.band;
  return INTENT_TABLE[rows[0]!][band] + REFINEMENTS_MAX >= line;
}

export const PURPOSE_INTENT: Readonly<Record<Purpose, number>> = {
  primary_residence: 3, investment: 2, buy_to_let: 2, second_home: 1, unknown: 0,
};
export const SOURCE_POINTS: Readonly<Record<SourceKind, number>> = {
  referral: 2, direct: 2, website: 2, portal: 2, search: 1, form: 1, email: 1, other: 1, social: 0, unknown: 0,
};
/** A booked viewing is intent shown: 70 at least. */
export const VIEWING_INTENT_FLOOR = 70;
export const FAKE_INTENT_CAP = 10;

const BAND_WORDS: Readonly<Record<TimelineBand, string>> = {
  '28_days': 'ready within about a month', '3_months': 'within about 3 months', '6_months': 'within about 6 months',
  '12_months': '6 to 12 months away', later: 'over a year away', unknown: 'timeline not known', browsing: 'just browsing',
};
const READINESS_WORDS: Readonly<Record<Readiness, string>> = {
  proceedable: 'able to proceed', part_exchange: 'needs a part exchange', in_progress: 'finance not yet agreed',
  chain: 'must sell first', unknown: 'payment position not known',
};
const PURPOSE_DETAIL = prefixed('Purpose: ', spacedLabels(PURPOSES));
const SOURCE_DETAIL = prefixed('Source: ', identity(SOURCE_KINDS));

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

function timelineFactor(s: LeadSignals): Factor {
  const pts = INTENT_TABLE[s.readiness][s.band];
  const strong = s.readiness === 'proceedable' && (s.band === '28_days' || s.band === '3_months');
  const words = `${READINESS_WORDS[s.readiness]}, ${BAND_WORDS[s.band]}${s.timeline_from === 'notes' ? ' (read from the message)' : ''}`;
  return factor('timeline_and_readiness', pts, INTENT_MAX.timeline_and_readiness, strong ? words.charAt(0).toUpperCase() + words.slice(1) : `Held back: ${words}`);
}

function engagementFactor(s: LeadSignals): Factor {
  let pts = 0;
  let parts = '';
  if (s.viewing === 'asked') { pts += 5; parts = 'asked to view'; }
  if (s.budget !== null) { pts += 3; parts = joinPart(parts, 'named a budget', ', '); }
  if (s.specific_unit) { pts += 2; parts = joinPart(parts, 'named a plot', ', '); }
  if (s.notes_length >= 20 || s.attribute_count > 0) { pts += 1; parts = joinPart(parts, 'wrote a message', ', '); }
  if (s.status === 'Contacted') { pts += 1; parts = joinPart(parts, 'already contacted', ', '); }
  if (pts > INTENT_MAX.engagement) pts = INTENT_MAX.engagement;
  return factor('engagement', pts, INTENT_MAX.engagement, parts.length > 0 ? parts : 'Nothing beyond the enquiry');
}

export function intentScore(s: LeadSignals): ScorePart {
  const purpose = s.purpose === null ? factor('purpose', 0, INTENT_MAX.purpose, 'No purpose given')
    : factor('purpose', PURPOSE_INTENT[s.purpose.purpose], INTENT_MAX.purpose, PURPOSE_DETAIL[s.purpose.purpose]);
  const factors: Factor[] = [timelineFactor(s), engagementFactor(s), purpose, factor('source', SOURCE_POINTS[s.source], INTENT_MAX.source, SOURCE_DETAIL[s.source])];
  if (s.fake_reasons.length > 0) return total(factors, FAKE_INTENT_CAP, 'Fake lead');
  if (s.viewing === 'booked' && !s.low_urgency) {
    let sum = 0;
    for (const f of factors) sum += f.points;
    if (sum < VIEWING_INTENT_FLOOR) factors.push(factor('viewing_booked', VIEWING_INTENT_FLOOR - sum, VIEWING_INTENT_FLOOR, 'Viewing booked'));
  }
  return total(factors, null, '');
}
