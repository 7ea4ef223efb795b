/**
 * Classification in SPEC §5 order (first rule that holds wins) and the call playbook.
 */
import type { Classification, ResponseTime, ScoreResult } from './types.ts';

export const HOT_QUALITY = 70;
export const HOT_INTENT = 70;
export const QUALIFIED_QUALITY = 60;
export const QUALIFIED_INTENT = 50;
export const NEEDS_QUALIFICATION_CONFIDENCE = 50;
export const NURTURE_QUALITY = 40;

export interface ClassifyInput {
  quality: number;
  intent: number;
  confidence: number;
  is_28_day_buyer: boolean;
  is_fake_lead: boolean;
  data_mismatch: boolean;
  /** just browsing, Lost or Archived */
  low_urgency: boolean;
}

export interface ClassifyOutput {
  classification: Classification;
  /** which rule decided, in words */
  rule: string;
}

// the rules in words, built once
const RULE_HOT = `Quality ≥ ${HOT_QUALITY} and intent ≥ ${HOT_INTENT}`;
const RULE_QUALIFIED = `Quality ≥ ${QUALIFIED_QUALITY} and intent ≥ ${QUALIFIED_INTENT}`;
const RULE_NEEDS_QUALIFICATION = `Confidence < ${NEEDS_QUALIFICATION_CONFIDENCE} (missing data)`;
const RULE_NURTURE = `Quality ≥ ${NURTURE_QUALITY}, lower intent`;
const RULE_LOW_QUALITY = `Quality < ${NURTURE_QUALITY}`;

export function classify(x: ClassifyInput): ClassifyOutput {
  if (x.is_fake_lead || x.data_mismatch) {
    return { classification: 'Disqualified', rule: x.data_mismatch ? 'Data mismatch' : 'Fake lead' };
  }
  if (x.is_28_day_buyer) return { classification: 'Hot Lead', rule: '28-day buyer' };
  if (x.quality >= HOT_QUALITY && x.intent >= HOT_INTENT) {
    return { classification: 'Hot Lead', rule: RULE_HOT };
  }
  if (x.quality >= QUALIFIED_QUALITY && x.intent >= QUALIFIED_INTENT) {
    return { classification: 'Qualified', rule: RULE_QUALIFIED };
  }
  if (x.confidence < NEEDS_QUALIFICATION_CONFIDENCE) {
    return { classification: 'Needs Qualification', rule: RULE_NEEDS_QUALIFICATION };
  }
  if (x.quality >= NURTURE_QUALITY && !x.low_urgency) {
    return { classification: 'Nurture', rule: RULE_NURTURE };
  }
  return {
    classification: 'Low Priority',
    rule: x.quality < NURTURE_QUALITY ? RULE_LOW_QUALITY : 'Flagged low urgency',
  };
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
    call_priority_reason: 'Disqualified - Do Not Call (fake lead or data mismatch)',
    response_time: 'Within 1 week',
  },
};
