/**
 * Classification, first rule that holds wins, and the call playbook.
 *
 * 1. Disqualified: fake lead (strong evidence only).
 * 2. Hot Lead: a 28-day buyer, or quality ≥ 70 and intent ≥ 70 — never with a budget below the
 *    cheapest home that applies.
 * 3. Qualified: quality ≥ 60 and intent ≥ 50.
 * 4. Needs Qualification: reachable, not fake, but two or more of budget, payment position and
 *    timeline unknown: the call is to find them out (when the answers could still make the lead
 *    Qualified: a buyer a year away, or who must sell first, is Nurture whatever they answer).
 * 5. Nurture: quality ≥ 40.
 * 6. Low Priority: quality < 40, or flagged low urgency (just browsing, looking to rent).
 *
 * Closed leads (Sold, Lost, Archived) keep their classification for the record; their call
 * priority is 5 with a reason saying that no call is due.
 */
import type { Classification, LeadStatus, ResponseTime, ScoreResult } from './types.ts';

export const HOT_QUALITY = 70;
export const HOT_INTENT = 70;
export const QUALIFIED_QUALITY = 60;
export const QUALIFIED_INTENT = 50;
export const NURTURE_QUALITY = 40;
/** Unknown essentials (of budget, payment position, timeline) that make the call a qualifying one. */
export const NEEDS_QUALIFICATION_UNKNOWN = 2;

export interface ClassifyInput {
  quality: number;
  intent: number;
  is_28_day_buyer: boolean;
  is_fake_lead: boolean;
  below_cheapest: boolean;
  low_urgency: boolean;
  reachable: boolean;
  unknown_essentials: number;
  /**
   * Whether finding out the unknowns could still make this a Qualified lead (false when what is
   * known already rules it out: a year away, or a chain): only then is the call a qualifying one,
   * so that learning more never moves a lead down the call list.
   */
  could_qualify: boolean;
}

export interface ClassifyOutput {
  classification: Classification;
  /** which rule decided, in words */
  rule: string;
}

const RULE_HOT = `Quality ≥ ${HOT_QUALITY} and intent ≥ ${HOT_INTENT}`;
const RULE_QUALIFIED = `Quality ≥ ${QUALIFIED_QUALITY} and intent ≥ ${QUALIFIED_INTENT}`;
const RULE_NEEDS_QUALIFICATION = `Reachable, but ${NEEDS_QUALIFICATION_UNKNOWN} or more of budget, payment position and timeline unknown`;
const RULE_NURTURE = `Quality ≥ ${NURTURE_QUALITY}, lower intent`;

export function classify(x: ClassifyInput): ClassifyOutput {
  if (x.is_fake_lead) return { classification: 'Disqualified', rule: 'Fake lead' };
  if (!x.below_cheapest && !x.low_urgency) {
    if (x.is_28_day_buyer) return { classification: 'Hot Lead', rule: '28-day buyer' };
    if (x.quality >= HOT_QUALITY && x.intent >= HOT_INTENT) return { classification: 'Hot Lead', rule: RULE_HOT };
  }
  if (!x.low_urgency) {
    if (x.quality >= QUALIFIED_QUALITY && x.intent >= QUALIFIED_INTENT) {
      return { classification: 'Qualified', rule: x.below_cheapest ? `${RULE_QUALIFIED} (not Hot: budget below the cheapest home)` : RULE_QUALIFIED };
    }
    if (x.reachable && x.could_qualify && x.unknown_essentials >= NEEDS_QUALIFICATION_UNKNOWN) return { classification: 'Needs Qualification', rule: RULE_NEEDS_QUALIFICATION };
    if (x.quality >= NURTURE_QUALITY) return { classification: 'Nurture', rule: RULE_NURTURE };
  }
  return { classification: 'Low Priority', rule: x.low_urgency ? 'Flagged low urgency' : `Quality < ${NURTURE_QUALITY}` };
}

export interface CallPlay {
  call_priority: ScoreResult['call_priority'];
  call_priority_reason: string;
  response_time: ResponseTime;
}

export const CALL_PLAYBOOK: Readonly<Record<Classification, CallPlay>> = {
  'Hot Lead': { call_priority: 1, call_priority_reason: 'Hot Lead - Call Immediately', response_time: 'Within 1 hour' },
  Qualified: { call_priority: 2, call_priority_reason: 'Qualified Lead - Priority Call', response_time: 'Within 4 hours' },
  'Needs Qualification': {
    call_priority: 3,
    call_priority_reason: 'Needs Qualification - Call to Gather Missing Details',
    response_time: 'Within 24 hours',
  },
  Nurture: { call_priority: 4, call_priority_reason: 'Nurture Lead - Scheduled Follow-up', response_time: 'Within 48 hours' },
  'Low Priority': { call_priority: 5, call_priority_reason: 'Low Priority - Add to Long-term Nurture', response_time: 'Within 1 week' },
  Disqualified: {
    call_priority: 5,
    call_priority_reason: 'Disqualified - Do Not Call (fake lead)',
    response_time: 'Within 1 week',
  },
};

/** The play for a closed lead: whatever its class, no call is due. */
export function closedPlay(status: LeadStatus): CallPlay {
  return { call_priority: 5, call_priority_reason: `Closed (${status}) - No Call Due`, response_time: 'Within 1 week' };
}
