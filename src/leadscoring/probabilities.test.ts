import assert from 'node:assert/strict';
import { test } from 'node:test';
import { combineProbabilities, passesCapiThresholds, pool, rotatorFor } from './probabilities.ts';

test('log-odds pooling: agreement compounds, 0.5 is neutral, equal opinions stay put', () => {
  const cases: [opinions: [number, number][], expected: number][] = [
    [[[0.7, 0.5], [0.7, 0.5]], 0.7],
    [[[0.5, 0.5], [0.5, 0.5]], 0.5],
    [[[0.8, 0.5], [0.2, 0.5]], 0.5],
    [[[0.9, 0.5], [0.5, 0.5]], 0.75],
    [[[1, 0.5], [1, 0.5]], 0.9999],
    [[[0, 1]], 0.0001],
  ];
  for (const [opinions, expected] of cases) assert.equal(pool(opinions), expected, JSON.stringify(opinions));
});

test('the AI opinions move the engine\'s probabilities in their direction', () => {
  const engine = { p_fin: 0.6, p_show: 0.5, p_sql: 0.3 };
  const high = combineProbabilities(engine, { p_finq_ai: 0.9, p_show_ai: 0.9, p_close_ai: 0.9, p_intent_ai: 0.9 });
  const low = combineProbabilities(engine, { p_finq_ai: 0.1, p_show_ai: 0.1, p_close_ai: 0.1, p_intent_ai: 0.1 });
  for (const k of ['p_fin', 'p_show', 'p_sql'] as const) {
    assert.ok(high[k] > engine[k] && low[k] < engine[k], k);
  }
  assert.deepEqual(combineProbabilities(engine, { p_finq_ai: 0.6, p_show_ai: 0.5, p_close_ai: 0.3, p_intent_ai: 0.5 }).p_fin, 0.6);
});

const T = { a_rotator_fin: 0.7, a_rotator_show: 0.6, b_rotator_fin: 0.5, b_rotator_show: 0.5, c_rotator_fin: 0.3, c_rotator_show: 0.3 };

test('rotator: the best tier whose two minimums are met (inclusive), null below C', () => {
  const cases: [p_fin: number, p_show: number, expected: string | null][] = [
    [0.9, 0.9, 'A'], [0.7, 0.6, 'A'], [0.7, 0.59, 'B'], [0.69, 0.9, 'B'], [0.5, 0.5, 'B'],
    [0.49, 0.9, 'C'], [0.9, 0.3, 'C'], [0.3, 0.3, 'C'], [0.29, 0.9, null], [0.9, 0.29, null], [0, 0, null],
  ];
  for (const [p_fin, p_show, expected] of cases) assert.equal(rotatorFor({ p_fin, p_show }, T), expected, `${p_fin}/${p_show}`);
});

test('CAPI thresholds are strict: equal is not enough (seed: p_fin > fb_capi_fin and p_show > fb_capi_show)', () => {
  const t = { fb_capi_fin: 0.5, fb_capi_show: 0.6 };
  const cases: [number, number, boolean][] = [[0.51, 0.61, true], [0.5, 0.61, false], [0.51, 0.6, false], [0.2, 0.9, false]];
  for (const [p_fin, p_show, expected] of cases) assert.equal(passesCapiThresholds({ p_fin, p_show }, t), expected);
});
