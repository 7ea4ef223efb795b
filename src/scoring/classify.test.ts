import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classify, closedPlay, CALL_PLAYBOOK, type ClassifyInput } from './classify.ts';
import { CLASSIFICATIONS, RESPONSE_TIMES, type Classification } from './types.ts';

const base: ClassifyInput = {
  quality: 50, intent: 40, is_28_day_buyer: false, is_fake_lead: false, below_cheapest: false, low_urgency: false,
  reachable: true, unknown_essentials: 0, could_qualify: true,
};

// The classification rules with their boundaries, in rule order (first that holds wins).
const TABLE: [string, Partial<ClassifyInput>, Classification][] = [
  ['fake lead', { is_fake_lead: true, quality: 90, intent: 90 }, 'Disqualified'],
  ['28-day buyer with low scores', { is_28_day_buyer: true, quality: 10, intent: 10 }, 'Hot Lead'],
  ['quality 70 and intent 70', { quality: 70, intent: 70 }, 'Hot Lead'],
  ['budget below the cheapest home is never Hot (28-day)', { is_28_day_buyer: true, quality: 80, intent: 85, below_cheapest: true }, 'Qualified'],
  ['budget below the cheapest home is never Hot (scores)', { quality: 90, intent: 90, below_cheapest: true }, 'Qualified'],
  ['quality 69 and intent 90', { quality: 69, intent: 90 }, 'Qualified'],
  ['quality 90 and intent 69', { quality: 90, intent: 69 }, 'Qualified'],
  ['quality 60 and intent 50', { quality: 60, intent: 50 }, 'Qualified'],
  ['Qualified wins over two unknown essentials', { quality: 60, intent: 50, unknown_essentials: 2 }, 'Qualified'],
  ['quality 59 and intent 50', { quality: 59, intent: 50 }, 'Nurture'],
  ['quality 60 and intent 49', { quality: 60, intent: 49 }, 'Nurture'],
  ['two unknown essentials', { unknown_essentials: 2, quality: 59 }, 'Needs Qualification'],
  ['three unknown essentials, poor quality', { unknown_essentials: 3, quality: 5 }, 'Needs Qualification'],
  ['one unknown essential is not enough', { unknown_essentials: 1, quality: 45 }, 'Nurture'],
  ['unreachable leads are not called to qualify', { unknown_essentials: 3, quality: 45, reachable: false }, 'Nurture'],
  ['known facts already rule out Qualified', { unknown_essentials: 2, quality: 45, could_qualify: false }, 'Nurture'],
  ['quality 40', { quality: 40 }, 'Nurture'],
  ['quality 39', { quality: 39 }, 'Low Priority'],
  ['good quality but low urgency', { quality: 55, low_urgency: true }, 'Low Priority'],
  ['low urgency is not qualified', { quality: 65, intent: 55, low_urgency: true }, 'Low Priority'],
  ['low urgency is never Needs Qualification', { unknown_essentials: 3, low_urgency: true }, 'Low Priority'],
];

test('classification follows the rules in order', () => {
  for (const [name, patch, want] of TABLE) {
    assert.equal(classify({ ...base, ...patch }).classification, want, name);
  }
});

test('classification rule is explained', () => {
  assert.equal(classify({ ...base, is_28_day_buyer: true }).rule, '28-day buyer');
  assert.equal(classify({ ...base, is_fake_lead: true }).rule, 'Fake lead');
  assert.equal(classify({ ...base, quality: 55, low_urgency: true }).rule, 'Flagged low urgency');
  assert.match(classify({ ...base, quality: 90, intent: 90, below_cheapest: true }).rule, /not Hot: budget below/);
});

test('call playbook: priority and response time per class; closed leads have no call due', () => {
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
  for (const status of ['Sold', 'Lost', 'Archived'] as const) {
    const play = closedPlay(status);
    assert.equal(play.call_priority, 5);
    assert.match(play.call_priority_reason, new RegExp(`${status}.*No Call Due`));
  }
});
