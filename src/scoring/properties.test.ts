import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { scoreLead, classify, LEAD_STATUSES, LEAD_CATEGORIES, type LeadInput, type ScoreContext } from './index.ts';

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const mixed = (xs: string[]) => fc.oneof(fc.constantFrom(...xs), fc.string({ maxLength: 20 }));

const leadArb: fc.Arbitrary<LeadInput> = fc.record({
  full_name: mixed(['James Wilson', 'Sarah Chen', 'test test', 'asdf', 'Zoë Liberty', 'John', 'Mr Tom Doherty']),
  email: maybe(mixed(['james@buyer.com', 'sarah.jones@gmail.com', 'test@mailinator.com', 'x@duck.com', 'john.smith@example.com', 'bad@'])),
  phone: maybe(mixed(['+44 7911 123456', '+44 7700 900001', '020 7123 4567', '+44 1234', '07777 777777', '+1 415 555 0100'])),
  budget: maybe(mixed(['500000', '£500k', '1.2m', '£450k-£550k', 'between 400 and 500k', 'nonsense'])),
  payment_method: maybe(mixed(['cash', 'mortgage', 'AIP', 'help to buy', 'shared ownership', 'part exchange', 'cash from sale'])),
  timeline: maybe(mixed(['immediate', '28 days', '3 months', '3-6 months', 'next year', 'just browsing'])),
  purpose: maybe(mixed(['primary residence', 'investment', 'buy to let', 'second home'])),
  location: maybe(mixed(['London', 'Manchester'])),
  bedrooms: maybe(fc.integer({ min: -1, max: 12 })),
  source: maybe(mixed(['Rightmove', 'Zoopla', 'Website', 'Facebook', 'Referral'])),
  category: maybe(fc.constantFrom(...LEAD_CATEGORIES)),
  status: maybe(fc.constantFrom(...LEAD_STATUSES)),
  notes: maybe(fc.string({ maxLength: 60 })),
});

const ctxArb: fc.Arbitrary<ScoreContext> = fc.oneof(
  fc.constant({}),
  fc.record({
    development: fc.record({
      price_from: maybe(fc.integer({ min: 50_000, max: 3_000_000 })),
      price_to: maybe(fc.integer({ min: 50_000, max: 6_000_000 })),
      unit_mix: maybe(fc.constant({ '1': { count: 10, price_from: 300_000, price_to: 400_000 }, '2': { count: 0 } })),
    }),
  }),
);

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
