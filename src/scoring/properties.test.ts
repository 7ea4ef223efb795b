import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { scoreLead, type LeadInput, type ScoreContext } from './index.ts';
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
        const qLo = scoreLead({ ...lead, budget: fmt(lo) }, ctx).quality_score;
        const qHi = scoreLead({ ...lead, budget: fmt(hi) }, ctx).quality_score;
        assert.ok(qHi >= qLo, `${fmt(lo)} ${qLo} > ${fmt(hi)} ${qHi}`);
      },
    ),
    RUNS,
  );
});

const TIMELINE_LADDER = ['immediate', '7 days', '28 days', '6 weeks', '3 months', '3-6 months', '6-12 months', '18 months', '2 years'];

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

test('property: cash never scores below a mortgage (and an AIP never below none), on quality and intent', () => {
  fc.assert(
    fc.property(leadArb, ctxArb, (lead, ctx) => {
      const [cash, aip, mortgage] = ['cash', 'mortgage with AIP', 'mortgage'].map((p) => scoreLead({ ...lead, payment_method: p }, ctx));
      assert.ok(cash!.quality_score >= aip!.quality_score && aip!.quality_score >= mortgage!.quality_score, 'quality');
      assert.ok(cash!.intent_score >= aip!.intent_score && aip!.intent_score >= mortgage!.intent_score, 'intent');
    }),
    RUNS,
  );
});

/** Valid information that reveals no problem, each with the lead fields it sets. */
const GOOD_NEWS: [string, (lead: LeadInput, ctx: ScoreContext) => Partial<LeadInput>][] = [
  ['a valid mobile', () => ({ phone: '07911 123456' })],
  ['an email in their own name', (lead) => ({ email: `${(lead.full_name.split(' ')[0] ?? 'buyer').replace(/[^a-z]/gi, '').toLowerCase() || 'buyer'}@gmail.com` })],
];

test('property: adding a valid phone or an email in their own name never worsens the call priority', () => {
  fc.assert(
    fc.property(leadArb, ctxArb, fc.constantFrom(...GOOD_NEWS), (lead, ctx, [what, add]) => {
      const field = Object.keys(add(lead, ctx))[0] as keyof LeadInput;
      const before = scoreLead({ ...lead, [field]: null }, ctx);
      const after = scoreLead({ ...lead, [field]: null, ...add(lead, ctx) }, ctx);
      assert.ok(after.call_priority <= before.call_priority || after.is_fake_lead,
        `${what}: priority ${before.call_priority} (${before.classification}) → ${after.call_priority} (${after.classification})`);
    }),
    { numRuns: 1500 },
  );
});

test('property: no input of up to 100k characters takes the engine more than 50 ms', () => {
  // a random pattern repeated to length: cheap to generate, as hostile as random text of that length
  const big = fc.tuple(fc.string({ minLength: 1, maxLength: 12, unit: fc.constantFrom('a', ' ', '1', '0', ',', '.', 'k', '£', '-', 'm', '\u200b', 'é', '9', 'x') }), fc.integer({ min: 1, max: 100_000 }))
    .map(([p, n]) => p.repeat(Math.ceil(n / p.length)).slice(0, n));
  const field = fc.constantFrom('full_name', 'email', 'phone', 'budget', 'payment_method', 'timeline', 'purpose', 'notes', 'source', 'location');
  fc.assert(
    fc.property(leadArb, ctxArb, field, big, (lead, ctx, f, text) => {
      scoreLead({ ...lead, [f]: text }, ctx); // warm, so a first-call compile is not counted
      const t0 = process.hrtime.bigint();
      scoreLead({ ...lead, [f]: text, notes: text, attributes: { answer: text } }, ctx);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      assert.ok(ms < 50, `${f} of ${text.length} characters took ${ms.toFixed(1)} ms`);
    }),
    { numRuns: 40 },
  );
  // hand-made worst cases for each parser: long runs of what each one loops on
  const worst = ['1 '.repeat(50_000), '£1,'.repeat(33_000), 'not '.repeat(25_000), 'in 3 '.repeat(20_000), 'a-'.repeat(50_000), '\u200b'.repeat(100_000), 'é'.repeat(100_000), 'q2 2027 '.repeat(12_000)];
  for (const text of worst) {
    for (const f of ['budget', 'timeline', 'payment_method', 'notes', 'email', 'phone', 'full_name'] as const) {
      const t0 = process.hrtime.bigint();
      scoreLead({ full_name: 'Jane Smith', email: 'jane@gmail.com', [f]: text, notes: text }, { received_at: new Date(0) });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      assert.ok(ms < 50, `${f}: ${JSON.stringify(text.slice(0, 12))}… took ${ms.toFixed(1)} ms`);
    }
  }
});
