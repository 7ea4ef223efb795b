import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classify, CALL_PLAYBOOK, type ClassifyInput } from './classify.ts';
import { CLASSIFICATIONS, RESPONSE_TIMES, type Classification } from './types.ts';

const base: ClassifyInput = {
  quality: 50, intent: 40, confidence: 80, is_28_day_buyer: false, is_fake_lead: false, data_mismatch: false, low_urgency: false,
};

// The seed's classification table (SPEC §5), with its boundaries, in rule order.
const TABLE: [string, Partial<ClassifyInput>, Classification][] = [
  ['fake lead', { is_fake_lead: true, quality: 90, intent: 90 }, 'Disqualified'],
  ['data mismatch', { data_mismatch: true, is_28_day_buyer: true }, 'Disqualified'],
  ['28-day buyer with low scores', { is_28_day_buyer: true, quality: 10, intent: 10, confidence: 10 }, 'Hot Lead'],
  ['quality 70 and intent 70', { quality: 70, intent: 70 }, 'Hot Lead'],
  ['quality 69 and intent 90', { quality: 69, intent: 90 }, 'Qualified'],
  ['quality 90 and intent 69', { quality: 90, intent: 69 }, 'Qualified'],
  ['quality 60 and intent 50', { quality: 60, intent: 50 }, 'Qualified'],
  ['quality 60, intent 50, low confidence', { quality: 60, intent: 50, confidence: 10 }, 'Qualified'],
  ['quality 59 and intent 50', { quality: 59, intent: 50 }, 'Nurture'],
  ['quality 60 and intent 49', { quality: 60, intent: 49 }, 'Nurture'],
  ['confidence 49', { confidence: 49, quality: 59 }, 'Needs Qualification'],
  ['confidence 49, poor quality', { confidence: 49, quality: 5 }, 'Needs Qualification'],
  ['confidence 50, quality 40', { confidence: 50, quality: 40 }, 'Nurture'],
  ['quality 39', { quality: 39 }, 'Low Priority'],
  ['good quality but low urgency', { quality: 55, low_urgency: true }, 'Low Priority'],
  ['low urgency does not block Qualified', { quality: 65, intent: 55, low_urgency: true }, 'Qualified'],
];

test('classification follows SPEC §5 in order', () => {
  for (const [name, patch, want] of TABLE) {
    assert.equal(classify({ ...base, ...patch }).classification, want, name);
  }
});

test('classification rule is explained', () => {
  assert.equal(classify({ ...base, is_28_day_buyer: true }).rule, '28-day buyer');
  assert.equal(classify({ ...base, data_mismatch: true }).rule, 'Data mismatch');
  assert.equal(classify({ ...base, quality: 55, low_urgency: true }).rule, 'Flagged low urgency');
});

test('call playbook matches SPEC §5', () => {
  const want: Record<Classification, [number, string]> = {
    'Hot Lead': [1, 'Within 1 hour'],
    Qualified: [2, 'Within 4 hours'],
    'Needs Qualification': [3, 'Within 24 hours'],
    Nurture: [4, 'Within 48 hours'],
    'Low Priority': [5, 'Within 1 week'],
    Disqualified: [5, 'Within 1 week'],
  };
  for (const c of CLASSIFICATIONS) {
    const play = CALL_PLAYBOOK[c];
    assert.equal(play.call_priority, want[c][0], c);
    assert.equal(play.response_time, want[c][1], c);
    assert.ok(RESPONSE_TIMES.includes(play.response_time));
  }
  assert.equal(CALL_PLAYBOOK.Nurture.call_priority_reason, 'Nurture Lead - Scheduled Follow-up');
  assert.match(CALL_PLAYBOOK.Disqualified.call_priority_reason, /do not call/i);
});
