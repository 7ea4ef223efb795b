import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { scoreLead, classify, type LeadInput } from './index.ts';
import { leadArb, ctxArb } from '../../test/helpers/lead-arbitraries.ts';

const RUNS = { numRuns: 400 };

test('property: deterministic, and no state leaks between calls', () => {
  fc.assert(
    fc.property(leadArb, leadArb, ctxArb, (a, b, ctx) => {
      const first = scoreLead(a, ctx);
      scoreLead(b, ctx);
      const again = scoreLead(structuredClone(a), structuredClone(ctx));
      assert.deepEqual(again, first);
    }),
    RUNS,
  );
});

test('property: scores are integers in 0–100, probabilities in [0, 1]', () => {
  fc.assert(
    fc.property(leadArb, ctxArb, (lead, ctx) => {
      const r = scoreLead(lead, ctx);
      for (const s of [r.quality_score, r.intent_score, r.confidence_score]) {
        assert.ok(Number.isInteger(s) && s >= 0 && s <= 100, String(s));
      }
      for (const p of Object.values(r.probabilities)) assert.ok(p >= 0 && p <= 1, String(p));
      assert.ok([1, 2, 3, 4, 5].includes(r.call_priority));
      assert.doesNotThrow(() => JSON.stringify(r));
    }),
    RUNS,
  );
});

test('property: more budget never lowers quality', () => {
  fc.assert(
    fc.property(
      leadArb, ctxArb, fc.integer({ min: 10_000, max: 20_000_000 }), fc.integer({ min: 0, max: 20_000_000 }),
      fc.constantFrom((n: number) => String(n), (n: number) => `£${(n / 1000).toFixed(1)}k`, (n: number) => `£${n.toLocaleString('en-GB')}`),
      (lead, ctx, lo, extra, fmt) => {
        const hi = lo + extra;
        const qNone = scoreLead({ ...lead, budget: null }, ctx).quality_score;
        const qLo = scoreLead({ ...lead, budget: fmt(lo) }, ctx).quality_score;
        const qHi = scoreLead({ ...lead, budget: fmt(hi) }, ctx).quality_score;
        assert.ok(qLo >= qNone, `none ${qNone} > ${fmt(lo)} ${qLo}`);
        assert.ok(qHi >= qLo, `${fmt(lo)} ${qLo} > ${fmt(hi)} ${qHi}`);
      },
    ),
    RUNS,
  );
});

const TIMELINE_LADDER = ['immediate', '7 days', '28 days', '6 weeks', '3 months', '3-6 months', '6-12 months', 'next year', '2 years'];

test('property: a sooner timeline never lowers intent', () => {
  fc.assert(
    fc.property(
      leadArb, ctxArb, fc.integer({ min: 0, max: 1500 }), fc.integer({ min: 0, max: 1500 }),
      fc.constantFrom('days', 'weeks', 'months'),
      (lead, ctx, a, b, unit) => {
        const [soon, late] = a <= b ? [a, b] : [b, a];
        const iSoon = scoreLead({ ...lead, timeline: `${soon} ${unit}` }, ctx).intent_score;
        const iLate = scoreLead({ ...lead, timeline: `${late} ${unit}` }, ctx).intent_score;
        assert.ok(iSoon >= iLate, `${soon} ${unit}: ${iSoon} < ${late} ${unit}: ${iLate}`);
      },
    ),
    RUNS,
  );
  fc.assert(
    fc.property(leadArb, ctxArb, (lead, ctx) => {
      const scores = TIMELINE_LADDER.map((t) => scoreLead({ ...lead, timeline: t }, ctx).intent_score);
      for (let i = 1; i < scores.length; i++) assert.ok(scores[i - 1]! >= scores[i]!, `${TIMELINE_LADDER[i - 1]} < ${TIMELINE_LADDER[i]}`);
    }),
    RUNS,
  );
});

test('property: cash never scores below mortgage (with AIP ≥ without) on quality', () => {
  fc.assert(
    fc.property(leadArb, ctxArb, (lead, ctx) => {
      const cash = scoreLead({ ...lead, payment_method: 'cash' }, ctx).quality_score;
      const aip = scoreLead({ ...lead, payment_method: 'mortgage with AIP' }, ctx).quality_score;
      const mortgage = scoreLead({ ...lead, payment_method: 'mortgage' }, ctx).quality_score;
      const unknown = scoreLead({ ...lead, payment_method: null }, ctx).quality_score;
      assert.ok(cash >= aip && aip >= mortgage && mortgage >= unknown, `${cash} ${aip} ${mortgage} ${unknown}`);
    }),
    RUNS,
  );
});

test('property: classification is always the SPEC rule applied to the scores and flags', () => {
  fc.assert(
    fc.property(leadArb, ctxArb, (lead, ctx) => {
      const r = scoreLead(lead, ctx);
      const checks = r.score_breakdown['checks'] as { data_mismatch: boolean; low_urgency: boolean };
      const want = classify({
        quality: r.quality_score, intent: r.intent_score, confidence: r.confidence_score,
        is_28_day_buyer: r.is_28_day_buyer, is_fake_lead: r.is_fake_lead,
        data_mismatch: checks.data_mismatch, low_urgency: checks.low_urgency,
      }).classification;
      assert.equal(r.classification, want);
      // and the rules themselves, spelt out
      if (r.is_fake_lead || checks.data_mismatch) assert.equal(r.classification, 'Disqualified');
      else if (r.is_28_day_buyer || (r.quality_score >= 70 && r.intent_score >= 70)) assert.equal(r.classification, 'Hot Lead');
      else if (r.quality_score >= 60 && r.intent_score >= 50) assert.equal(r.classification, 'Qualified');
      else if (r.confidence_score < 50) assert.equal(r.classification, 'Needs Qualification');
      else if (r.quality_score >= 40 && !checks.low_urgency) assert.equal(r.classification, 'Nurture');
      else assert.equal(r.classification, 'Low Priority');
      if (r.is_28_day_buyer) assert.equal(r.is_fake_lead, false);
      if (r.is_fake_lead) assert.ok(r.risk_flags.length > 0);
    }),
    RUNS,
  );
});
