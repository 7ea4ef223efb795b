import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  scoreLead, compileModel, PRIOR_COEFFICIENTS, PRIOR_MODEL_VERSION, ENGINE_VERSION, FEATURE_NAMES, buildFeatures, readSignals,
  type LeadInput, type ScoreContext, type CoefficientSet,
} from './index.ts';

const james: LeadInput = {
  full_name: 'James Wilson', email: 'james@buyer.com', phone: '+44 7700 900001', budget: '1200000',
  payment_method: 'cash', timeline: '28 days', source: 'Rightmove',
};
const sarah: LeadInput = {
  full_name: 'Sarah Chen', email: 'sarah@example.com', phone: '+44 7700 900000', budget: '500000',
  payment_method: 'mortgage', timeline: '3 months', purpose: 'primary residence', location: 'London', bedrooms: 2,
};
const dev: ScoreContext = {
  development: {
    price_from: 400_000, price_to: 900_000,
    unit_mix: { '1': { count: 10, price_from: 400_000, price_to: 480_000 }, '3': { count: 5, price_from: 700_000, price_to: 900_000 } },
  },
};

test('seed: cash 28-day £1.2m Rightmove lead is a Hot Lead, priority 1, 28-day buyer; drama phone is a flag not fake', () => {
  const r = scoreLead(james);
  assert.equal(r.classification, 'Hot Lead');
  assert.equal(r.call_priority, 1);
  assert.equal(r.response_time, 'Within 1 hour');
  assert.equal(r.is_28_day_buyer, true);
  assert.equal(r.is_fake_lead, false);
  assert.ok(r.risk_flags.some((f) => /drama/i.test(f)), 'drama-range risk flag');
  const clean = scoreLead({ ...james, phone: '+44 7911 123456' });
  assert.ok(r.confidence_score < clean.confidence_score, 'drama number lowers confidence');
});

test('seed: mortgage lead without approval carries "Mortgage not yet agreed in principle"', () => {
  const r = scoreLead(sarah);
  assert.ok(r.risk_flags.includes('Mortgage not yet agreed in principle'));
  assert.equal(r.is_28_day_buyer, false);
  assert.ok(!scoreLead({ ...sarah, payment_method: 'mortgage approved' }).risk_flags.includes('Mortgage not yet agreed in principle'));
});

test('seed: mailinator address with name "test test" is Disqualified and not to be called', () => {
  const r = scoreLead({ full_name: 'test test', email: 'test@mailinator.com' });
  assert.equal(r.classification, 'Disqualified');
  assert.equal(r.is_fake_lead, true);
  assert.equal(r.call_priority, 5);
  assert.match(r.call_priority_reason, /do not call/i);
  assert.ok(r.risk_flags.some((f) => f.includes('mailinator.com')));
  assert.ok(r.risk_flags.includes('Test name'));
});

test('seed: name + email only is Needs Qualification', () => {
  const r = scoreLead({ full_name: 'John Smith', email: 'john@example.com' });
  assert.equal(r.classification, 'Needs Qualification');
  assert.equal(r.call_priority, 3);
  assert.ok(r.confidence_score < 50);
});

test('seed batch: cash + immediate is a 28-day buyer (the 28-day rule makes it Hot)', () => {
  const r = scoreLead({ full_name: 'Lead One', email: 'one@example.com', budget: '750000', payment_method: 'cash', timeline: 'immediate' });
  assert.equal(r.is_28_day_buyer, true);
  assert.equal(r.classification, 'Hot Lead');
});

test('28-day buyer: proceedable ability only', () => {
  const cases: [Partial<LeadInput>, boolean][] = [
    [{ payment_method: 'cash', timeline: 'ASAP' }, true],
    [{ payment_method: 'AIP', timeline: '4 weeks' }, true],
    [{ payment_method: 'DIP in place', timeline: '2-4 weeks' }, true],
    [{ payment_method: 'mortgage', timeline: 'immediate' }, false],
    [{ payment_method: 'cash from sale of property', timeline: 'immediate' }, false],
    [{ payment_method: 'mortgage approved, need to sell first', timeline: 'immediate' }, false],
    [{ payment_method: 'shared ownership', timeline: 'immediate' }, false],
    [{ payment_method: 'help to buy', timeline: 'immediate' }, false],
    [{ payment_method: 'cash', timeline: '3 months' }, false],
    [{ payment_method: 'cash', timeline: 'within a month' }, true],
    [{ payment_method: 'cash', timeline: '2-6 weeks' }, false],
    [{ payment_method: 'not cash', timeline: 'now' }, false],
    [{ payment_method: 'sold STC', timeline: 'now' }, false],
    [{ payment_method: 'cash', timeline: 'just browsing' }, false],
    [{ payment_method: 'cash', timeline: 'immediate', full_name: 'asdf qwerty' }, false],
  ];
  for (const [patch, want] of cases) {
    const r = scoreLead({ ...james, phone: '+44 7911 123456', ...patch });
    assert.equal(r.is_28_day_buyer, want, JSON.stringify(patch));
  }
});

test('shared ownership lowers p_fin and Help to Buy is a risk flag', () => {
  const mortgage = scoreLead({ ...sarah, payment_method: 'mortgage' });
  const so = scoreLead({ ...sarah, payment_method: 'shared ownership' });
  const unknown = scoreLead({ ...sarah, payment_method: null });
  assert.ok(so.probabilities.p_fin < mortgage.probabilities.p_fin);
  assert.ok(so.probabilities.p_fin < unknown.probabilities.p_fin);
  assert.ok(so.risk_flags.some((f) => /shared ownership/i.test(f)));
  const htb = scoreLead({ ...sarah, payment_method: 'help to buy' });
  assert.ok(htb.risk_flags.some((f) => /help to buy/i.test(f)));
  assert.ok(htb.quality_score < mortgage.quality_score);
});

test('cash from a sale is a chain, not cash', () => {
  const r = scoreLead({ ...james, payment_method: 'cash from sale of property' });
  assert.ok(r.risk_flags.some((f) => /chain/i.test(f)));
  assert.ok(r.quality_score < scoreLead(james).quality_score);
});

test('development-aware budget: below the cheapest unit is a risk flag, not silence', () => {
  const low = scoreLead({ ...sarah, budget: '£300k', bedrooms: 1 }, dev);
  assert.ok(low.risk_flags.some((f) => f.startsWith('Budget below the cheapest home')), low.risk_flags.join('|'));
  const ok = scoreLead({ ...sarah, budget: '£450k', bedrooms: 1 }, dev);
  assert.ok(!ok.risk_flags.some((f) => f.startsWith('Budget below')));
  assert.ok(ok.quality_score > low.quality_score);
  // the 3-bed units start at £700k: £450k cannot buy one
  const threeBed = scoreLead({ ...sarah, budget: '£450k', bedrooms: 3 }, dev);
  assert.ok(threeBed.risk_flags.some((f) => f.startsWith('Budget below the cheapest home')));
  // no such unit type
  const twoBed = scoreLead({ ...sarah, budget: '£450k', bedrooms: 2 }, dev);
  assert.ok(twoBed.risk_flags.some((f) => /bedrooms/.test(f)));
  // without a development the same budget raises no flag
  assert.ok(!scoreLead({ ...sarah, budget: '£300k' }).risk_flags.some((f) => f.startsWith('Budget below')));
});

test('fake-lead signals each disqualify and are named', () => {
  const cases: [Partial<LeadInput>, RegExp][] = [
    [{ email: 'james@yopmail.com' }, /disposable email/i],
    [{ phone: '+44 1234', email: null }, /impossible phone/i],
    [{ phone: '07777 777777', email: null }, /impossible phone/i],
    [{ full_name: 'asdf ghjk' }, /test name|keyboard/i],
    [{ full_name: 'John Smith', email: 'sarah.jones@gmail.com', phone: '07700 900123' }, /names someone else/i],
    [{ budget: '£1,000,000,000' }, /not a real purchase budget/i],
    [{ email: 'test@gmail.com' }, /test or placeholder email/i],
    [{ full_name: 'Mickey Mouse' }, /placeholder name/i],
  ];
  for (const [patch, flag] of cases) {
    const r = scoreLead({ ...james, phone: '+44 7911 123456', ...patch });
    assert.equal(r.is_fake_lead, true, JSON.stringify(patch));
    assert.equal(r.classification, 'Disqualified', JSON.stringify(patch));
    assert.ok(r.risk_flags.some((f) => flag.test(f)), `${JSON.stringify(patch)}: ${r.risk_flags.join('|')}`);
    const checks = r.score_breakdown['checks'] as { fake_reasons: string[] };
    assert.ok(checks.fake_reasons.some((f) => flag.test(f)), 'reason in breakdown');
  }
});

test('soft signals do not disqualify', () => {
  for (const patch of [{ email: 'x7k2@duck.com' }, { phone: '07700 900123' }, { full_name: 'Siobhán Ní Bhriain', email: 'siobhan@gmail.com' }, { email: 'john.smith@gmail.com', full_name: 'Sarah Smith' },
    { phone: '+44 1234' }, { full_name: 'John Smith', email: 'sarah.jones@gmail.com', phone: '07911 123456' }, { email: 'james@gmial.com' }, { full_name: 'Daniel Tester' }]) {
    const r = scoreLead({ ...james, ...patch });
    assert.equal(r.is_fake_lead, false, JSON.stringify(patch));
    assert.notEqual(r.classification, 'Disqualified', JSON.stringify(patch));
  }
  assert.ok(scoreLead({ ...james, email: 'x7k2@duck.com' }).risk_flags.some((f) => /relay/.test(f)));
});

test('pipeline status raises intent; closed leads keep their class but no call is due', () => {
  const base = { ...sarah, status: 'Contact Pending' as const };
  let last = -1;
  for (const status of ['Contact Pending', 'Contacted', 'Viewing Booked', 'Viewing Attended', 'Reserved'] as const) {
    const i = scoreLead({ ...base, status }).intent_score;
    assert.ok(i >= last, status);
    last = i;
  }
  assert.ok(scoreLead({ ...base, status: 'Reserved' }).intent_score > scoreLead(base).intent_score);
  for (const status of ['Lost', 'Archived', 'Sold'] as const) {
    const closed = scoreLead({ ...base, status });
    assert.equal(closed.classification, scoreLead({ ...base, status: 'Contact Pending' }).classification, status);
    assert.equal(closed.call_priority, 5, status);
    assert.match(closed.call_priority_reason, /no call due/i, status);
    assert.match(closed.next_step, /no call due/i, status);
  }
});

test('just browsing with good quality is Low Priority (flagged low urgency)', () => {
  const r = scoreLead({ ...sarah, phone: '+44 7911 123456', timeline: 'just browsing' });
  assert.ok(r.quality_score >= 40);
  assert.equal(r.classification, 'Low Priority');
  assert.ok(r.risk_flags.some((f) => /browsing/i.test(f)));
});

test('score_breakdown explains every score and is JSON-serialisable', () => {
  const r = scoreLead(sarah, dev);
  const b = JSON.parse(JSON.stringify(r.score_breakdown)) as Record<string, any>;
  assert.equal(b.engine_version, ENGINE_VERSION);
  assert.equal(b.model_version, PRIOR_MODEL_VERSION);
  for (const [key, score] of [['quality', r.quality_score], ['intent', r.intent_score], ['confidence', r.confidence_score]] as const) {
    const part = b[key];
    assert.equal(part.score, score, key);
    const sum = Math.round(part.factors.reduce((a: number, f: { points: number }) => a + f.points, 0));
    assert.equal(Math.max(0, Math.min(100, part.cap ? Math.min(sum, part.cap.at) : sum)), score, `${key} factors add up`);
    const maxSum = part.factors.reduce((a: number, f: { max: number }) => a + f.max, 0);
    assert.equal(maxSum, 100, `${key} maxima add to 100`);
    for (const f of part.factors) assert.equal(typeof f.detail, 'string');
  }
  assert.equal(b.parsed.budget.max, 500_000);
  assert.equal(b.parsed.payment.method, 'mortgage');
  assert.equal(b.parsed.timeline.days, 90);
  assert.equal(b.parsed.phone.status, 'drama');
  assert.deepEqual(b.risk_flags, r.risk_flags);
  assert.equal(b.classification.value, r.classification);
  assert.equal(b.probabilities.p_fin, r.probabilities.p_fin);
  assert.ok(b.probabilities.contributions.some((c: { feature: string }) => c.feature === 'pay_mortgage'));
  assert.equal(r.engine_version, ENGINE_VERSION);
  assert.match(ENGINE_VERSION, /^rules-\d+\.\d+\.\d+$/);
});

test('probabilities: priors by default, a learned coefficient set replaces them without touching callers', () => {
  const prior = scoreLead(james);
  for (const p of Object.values(prior.probabilities)) assert.ok(p > 0 && p < 1);
  const learned: CoefficientSet = {
    ...PRIOR_COEFFICIENTS,
    model_version: 'company-abc-7',
    p_show: { ...PRIOR_COEFFICIENTS.p_show, intercept: -5 },
  };
  const r = scoreLead(james, { model: compileModel(learned) });
  assert.equal(r.score_breakdown['model_version'], 'company-abc-7');
  assert.ok(r.probabilities.p_show < prior.probabilities.p_show);
  assert.equal(r.probabilities.p_fin, prior.probabilities.p_fin);
  assert.equal(r.quality_score, prior.quality_score, 'the model never changes the rule scores');
  assert.throws(() => compileModel({ ...learned, p_fin: { intercept: Number.NaN } }), RangeError);
});

test('feature vector is exported for training, without pipeline status when asked', () => {
  const s = readSignals({ ...sarah, status: 'Reserved' }, {});
  const x = buildFeatures(s);
  assert.equal(x.length, FEATURE_NAMES.length);
  assert.equal(x[FEATURE_NAMES.indexOf('status_reserved_or_later')], 1);
  assert.equal(buildFeatures(s, { pipeline_status: false })[FEATURE_NAMES.indexOf('status_reserved_or_later')], 0);
  assert.equal(x[FEATURE_NAMES.indexOf('pay_mortgage')], 1);
});
