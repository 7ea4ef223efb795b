import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  fitFeatureSpace, isLeakyColumn, trainModel, predictRow, auc, ece, topDecileLift, evaluate,
  seededRandom, sigmoid, fitPlatt, fitIsotonic, calibrate, leadRow, factorSentence, type Example,
} from './index.ts';
import { rawContributions } from './model.ts';
import { binRow } from './features.ts';

/**
 * Synthetic leads whose true probability is known: a categorical channel, a numeric age with a
 * non-linear effect, a missing-heavy column, and noise columns. Time is the row index.
 */
function synthetic(n: number, seed: number, opts: { leak?: boolean } = {}): { examples: Example[]; truth: number[] } {
  const rand = seededRandom(seed);
  const channels = ['referral', 'portal', 'social', 'website'];
  const channelEffect: Record<string, number> = { referral: 1.2, portal: 0, social: -1, website: 0.4 };
  const examples: Example[] = [];
  const truth: number[] = [];
  for (let i = 0; i < n; i++) {
    const channel = channels[Math.floor(rand() * channels.length)]!;
    const age = 20 + Math.floor(rand() * 50);
    const cash = rand() < 0.3 ? 'yes' : rand() < 0.5 ? 'no' : null;
    const z = -1.6 + channelEffect[channel]! + (age > 35 && age < 55 ? 0.8 : 0) + (cash === 'yes' ? 0.9 : cash === null ? -0.4 : 0);
    const p = sigmoid(z);
    const label = rand() < p ? 1 : 0;
    const row: Record<string, string | number | null> = { channel, age, cash, noise: Math.floor(rand() * 5) };
    if (opts.leak) { row.status = label === 1 ? 'Reserved' : 'Lost'; row.duration = label * 300 + Math.floor(rand() * 100); }
    examples.push({ row, label, time: i, prior: 0.2 });
    truth.push(p);
  }
  return { examples, truth };
}

test('the leakage guard: status, outcome and duration columns are never features', () => {
  for (const leaky of ['status', 'lead_status', 'Status', 'LostReason', 'lost_reason', 'duration', 'call duration', 'pipeline stage', 'converted', 'outcome', 'closedAt', 'reserved_at', 'y_label'])
    assert.equal(isLeakyColumn(leaky), true, leaky);
  for (const fine of ['town', 'budget', 'source', 'age', 'job', 'campaign'])
    assert.equal(isLeakyColumn(fine), false, fine);
  const { examples } = synthetic(2000, 7, { leak: true });
  const space = fitFeatureSpace(examples.map((e) => e.row), { exclude: ['noise'] });
  assert.deepEqual(space.columns.map((c) => c.name), ['age', 'cash', 'channel']);
  // the leaking columns predict the label perfectly; a model that used them would be near AUC 1
  const { report } = trainModel(examples, { features: { exclude: ['noise'] } });
  assert.ok(report.metrics!.model.auc < 0.8, `AUC ${report.metrics!.model.auc} means a leaking column was used`);
  assert.ok(report.top_factors.every((f) => f.column !== 'status' && f.column !== 'duration'));
});

test('engine rows never carry the pipeline status', () => {
  const row = leadRow({ full_name: 'Ann Lee', status: 'Reserved', source: 'Referral', payment_method: 'cash', attributes: { status: 'won', floor: 3 } });
  assert.equal(Object.keys(row).some((k) => k === 'status'), false);
  assert.equal(row.source, 'referral');
  assert.equal(row.payment, 'cash');
  assert.equal(row['attributes.floor'], 3);
  // a custom attribute named like a status is present in the row but never becomes a feature
  const space = fitFeatureSpace([row, row], { minCount: 1 });
  assert.equal(space.columns.some((c) => c.name === 'attributes.status'), false);
});

test('categorical values below the minimum count go to "other", missing is its own bin', () => {
  const rows = [
    ...Array.from({ length: 30 }, () => ({ city: 'Leeds' })),
    ...Array.from({ length: 3 }, () => ({ city: 'York' })),
    { city: null }, {},
  ];
  const space = fitFeatureSpace(rows, { minCount: 5 });
  const col = space.columns[0]!;
  assert.equal(col.kind, 'categorical');
  const bins = (v: unknown) => binRow(space, { city: v as string }, new Uint8Array(1))[0];
  assert.equal(bins('Leeds'), 2);
  assert.equal(bins('York'), 1);
  assert.equal(bins('Paris'), 1);
  assert.equal(bins(null), 0);
  assert.equal(bins('  '), 0);
});

test('numbers are binned by quantiles, missing apart', () => {
  const rows = Array.from({ length: 1000 }, (_, i) => ({ x: i }));
  const space = fitFeatureSpace([...rows, { x: null }], { maxBins: 4 });
  const col = space.columns[0]!;
  assert.equal(col.kind, 'numeric');
  const counts = new Map<number, number>();
  for (const r of rows) { const b = binRow(space, r, new Uint8Array(1))[0]!; counts.set(b, (counts.get(b) ?? 0) + 1); }
  assert.deepEqual([...counts.keys()].sort(), [1, 2, 3, 4]);
  for (const c of counts.values()) assert.ok(c >= 240 && c <= 260, `bin of ${c}`);
  assert.equal(binRow(space, { x: 'n/a' }, new Uint8Array(1))[0], 0);
});

test('training is deterministic: same data, same model and figures', () => {
  const { examples } = synthetic(3000, 11);
  const a = trainModel(examples);
  const b = trainModel(examples.slice());
  assert.deepEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)));
  const c = trainModel(examples, { algorithm: 'logistic' });
  const d = trainModel(examples, { algorithm: 'logistic' });
  assert.deepEqual(JSON.parse(JSON.stringify(c)), JSON.parse(JSON.stringify(d)));
});

for (const algorithm of ['gbdt', 'logistic'] as const) {
  test(`${algorithm}: calibrated probabilities match known probabilities on new data`, () => {
    const { examples } = synthetic(20_000, 3);
    const { model, report } = trainModel(examples, { algorithm });
    assert.ok(model !== null);
    const fresh = synthetic(20_000, 99);
    const p = fresh.examples.map((e) => predictRow(model, e.row).p);
    const y = fresh.examples.map((e) => e.label);
    let meanAbs = 0;
    for (let i = 0; i < p.length; i++) meanAbs += Math.abs(p[i]! - fresh.truth[i]!);
    meanAbs /= p.length;
    assert.ok(meanAbs < 0.03, `mean |p − true p| = ${meanAbs}`);
    // the true probabilities themselves show some ECE on a finite sample: compare with that
    const meanP = p.reduce((a, b) => a + b, 0) / p.length;
    const meanTruth = fresh.truth.reduce((a, b) => a + b, 0) / p.length;
    assert.ok(Math.abs(meanP - meanTruth) < 0.01, `mean p ${meanP} vs true ${meanTruth}`);
    assert.ok(ece(p, y) < ece(fresh.truth, y) + 0.015, `ECE ${ece(p, y)} vs true probabilities ${ece(fresh.truth, y)}`);
    const oracle = auc(fresh.truth, y);
    assert.ok(auc(p, y) > oracle - 0.015, `AUC ${auc(p, y)} vs oracle ${oracle}`);
    assert.equal(report.activate, true, report.reason);
  });
}

test('per-lead contributions add up to the log-odds and point the right way', () => {
  const { examples } = synthetic(8000, 5);
  for (const algorithm of ['gbdt', 'logistic'] as const) {
    const { model } = trainModel(examples, { algorithm });
    assert.ok(model !== null);
    const base = algorithm === 'gbdt' ? (model.learner as { bias: number }).bias : (model.learner as { intercept: number }).intercept;
    for (const e of examples.slice(0, 50)) {
      const m = model.space.columns.length;
      const out = new Float64Array(m);
      const z = rawContributions(model, binRow(model.space, e.row, new Uint8Array(m)), out);
      assert.ok(Math.abs(base + out.reduce((s, v) => s + v, 0) - z) < 1e-9);
    }
    const referral = predictRow(model, { channel: 'referral', age: 45, cash: 'yes', noise: 1 });
    const social = predictRow(model, { channel: 'social', age: 45, cash: 'yes', noise: 1 });
    assert.ok(referral.p > social.p);
    const ch = referral.factors.find((f) => f.column === 'channel')!;
    assert.equal(ch.value, 'channel is referral');
    assert.ok(ch.effect > 0.05, `${algorithm} referral effect ${ch.effect}`);
    assert.ok(social.factors.find((f) => f.column === 'channel')!.effect < 0);
  }
  assert.equal(factorSentence('source is referral', 0.1234, 'viewing'), 'Came from a referral: +12% to viewing');
  assert.equal(factorSentence('attributes.job is retired', -0.05, 'a reservation'), 'Job is retired: −5% to a reservation');
});

test('activation: too few outcomes keeps the priors and says why', () => {
  const { examples } = synthetic(120, 8);
  const few = examples.slice(0, 120);
  const { report } = trainModel(few);
  assert.equal(report.activate, false);
  assert.match(report.reason, /Not enough outcomes: 120 labelled leads with \d+ positive; activation needs at least 200 labelled with 40 positive/);
  const none = trainModel(examples.slice(0, 5));
  assert.equal(none.model, null);
  assert.equal(none.report.activate, false);
});

test('activation: a model that does not beat a good prior is not activated', () => {
  // labels are pure noise around the prior's (correct) probability: nothing to learn
  const rand = seededRandom(21);
  const examples: Example[] = Array.from({ length: 3000 }, (_, i) => {
    const prior = i % 2 === 0 ? 0.6 : 0.1;
    return { row: { junk: Math.floor(rand() * 10), parity: i % 2 === 0 ? 'even' : 'odd' }, label: rand() < prior ? 1 : 0, time: i, prior };
  });
  const { report } = trainModel(examples, { features: { exclude: ['parity'] } });
  assert.equal(report.activate, false);
  assert.match(report.reason, /better than the prior|Does not rank/);
  // the same data with the informative column available: the model learns it and at least matches
  const withParity = trainModel(examples);
  assert.ok(withParity.report.metrics!.model.auc > 0.7);
});

test('metrics: AUC with ties, ECE and lift on hand-checked examples', () => {
  assert.equal(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 0.75);
  assert.equal(auc([0.5, 0.5], [0, 1]), 0.5);
  assert.ok(Number.isNaN(auc([0.1, 0.2], [1, 1])));
  assert.ok(Math.abs(ece([0.25, 0.25, 0.25, 0.25], [1, 0, 0, 0])) < 1e-12);
  assert.ok(Math.abs(ece([0.9, 0.9], [0, 0]) - 0.9) < 1e-12);
  const p = Array.from({ length: 100 }, (_, i) => i / 100);
  const y = p.map((_, i) => (i >= 90 ? 1 : 0));
  assert.equal(topDecileLift(p, y), 10);
  // one score for everyone: no lift, whatever the row order
  assert.equal(topDecileLift(p.map(() => 0.3), y), 1);
  const m = evaluate(p, y);
  assert.equal(m.rows, 100);
  assert.equal(m.positives, 10);
});

test('Platt and isotonic calibration recover a known distortion', () => {
  const rand = seededRandom(4);
  const z: number[] = [], y: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    const s = rand() * 8 - 4;
    z.push(s);
    y.push(rand() < sigmoid(0.5 * s - 1) ? 1 : 0);
  }
  const platt = fitPlatt(z, y);
  assert.ok(platt.kind === 'platt' && Math.abs(platt.a - 0.5) < 0.05 && Math.abs(platt.b + 1) < 0.08, JSON.stringify(platt));
  const iso = fitIsotonic(z, y);
  for (const s of [-3, 0, 3]) assert.ok(Math.abs(calibrate(iso, s) - sigmoid(0.5 * s - 1)) < 0.05, `isotonic at ${s}`);
  for (let s = -4; s < 4; s += 0.5) assert.ok(calibrate(iso, s + 0.5) >= calibrate(iso, s));
});

test('labels come from the furthest status ever reached, with the no-progress window', async () => {
  const { labelsOf } = await import('./outcomes.ts');
  const now = new Date('2026-06-01T00:00:00Z');
  const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
  // reserved, then lost: still a positive for both
  assert.deepEqual(labelsOf({ statuses: ['Contact Pending', 'Viewing Attended', 'Reserved', 'Lost'], current: 'Lost', lastChangeAt: daysAgo(1) }, now, 90), { show: 1, sql: 1 });
  // viewed then archived: shown, not sale-qualified
  assert.deepEqual(labelsOf({ statuses: ['Viewing Attended'], current: 'Archived', lastChangeAt: daysAgo(1) }, now, 90), { show: 1, sql: 0 });
  // viewed and still moving: shown, sql still open
  assert.deepEqual(labelsOf({ statuses: ['Viewing Attended'], current: 'Viewing Attended', lastChangeAt: daysAgo(10) }, now, 90), { show: 1, sql: null });
  // open and recent: no label; open past the window: negative
  assert.deepEqual(labelsOf({ statuses: ['Contacted'], current: 'Contacted', lastChangeAt: daysAgo(89) }, now, 90), { show: null, sql: null });
  assert.deepEqual(labelsOf({ statuses: ['Contacted'], current: 'Contacted', lastChangeAt: daysAgo(91) }, now, 90), { show: 0, sql: 0 });
  // the company's own window
  assert.deepEqual(labelsOf({ statuses: ['Contacted'], current: 'Contacted', lastChangeAt: daysAgo(31) }, now, 30), { show: 0, sql: 0 });
});
