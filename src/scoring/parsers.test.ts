import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseBudget } from './budget.ts';
import { parseTimeline, timelineDays } from './timeline.ts';
import { parsePayment, type PaymentMethod } from './payment.ts';
import { parsePurpose, type Purpose } from './purpose.ts';
import { parseBedrooms } from './bedrooms.ts';
import { parseSource, type SourceKind } from './source.ts';
import { norm } from './text.ts';
import { GATED, gateOf, wordStarts } from './gate.ts';

test('budget parser', () => {
  const cases: [unknown, [number, number] | null][] = [
    ['500000', [500_000, 500_000]],
    ['£500k', [500_000, 500_000]],
    ['500,000', [500_000, 500_000]],
    ['£500,000', [500_000, 500_000]],
    ['1.2m', [1_200_000, 1_200_000]],
    ['£1.2 million', [1_200_000, 1_200_000]],
    ['£450k-£550k', [450_000, 550_000]],
    ['£450k - £550k', [450_000, 550_000]],
    ['450-550k', [450_000, 550_000]],
    ['between 400 and 500k', [400_000, 500_000]],
    ['£1-1.5m', [1_000_000, 1_500_000]],
    ['550k to 450k', [450_000, 550_000]],
    ['up to £350k', [350_000, 350_000]],
    ['around 275K', [275_000, 275_000]],
    ['450', [450_000, 450_000]],
    [500000, [500_000, 500_000]],
    ['nonsense', null],
    ['asdf', null],
    ['', null],
    [null, null],
    [undefined, null],
    ['n/a', null],
    ['£5', null],
    ['£500bn', null],
    ['1 2 3', null],
  ];
  for (const [input, want] of cases) {
    const got = parseBudget(input);
    if (want === null) assert.equal(got, null, `${String(input)} → null`);
    else {
      assert.ok(got, `${String(input)} parses`);
      assert.deepEqual([got.min, got.max], want, String(input));
      assert.equal(got.mid, Math.round((want[0] + want[1]) / 2), `${String(input)} mid`);
    }
  }
  assert.equal(parseBudget('450')?.assumed_thousands, true);
  assert.equal(parseBudget('£450k')?.assumed_thousands, false);
});

test('timeline parser: days', () => {
  const cases: [string, number | null, number | null][] = [
    ['immediate', 0, 0],
    ['Immediately', 0, 0],
    ['ASAP', 0, 0],
    ['now', 0, 0],
    ['ready to buy', 0, 0],
    ['28 days', 28, 28],
    ['within 28 days', 28, 28],
    ['within a month', 30, 30],
    ['4 weeks', 28, 28],
    ['two weeks', 14, 14],
    ['a fortnight', 14, 14],
    ['3 months', 90, 90],
    ['3-6 months', 90, 180],
    ['3 to 6 months', 90, 180],
    ['6-12 months', 180, 360],
    ['1 year', 365, 365],
    ['next year', 365, 540],
    ['next month', 30, 60],
    ['12 months+', 360, 540],
    ['in 2 years', 730, 730],
    ['200 years', 3650, 3650],
  ];
  for (const [input, days, max] of cases) {
    const t = parseTimeline(input);
    assert.ok(t, input);
    assert.equal(t.browsing, false, `${input} not browsing`);
    assert.equal(t.days, days, `${input} days`);
    assert.equal(t.days_max, max, `${input} days_max`);
  }
});

test('timeline parser: browsing, unclear, missing', () => {
  for (const s of ['just browsing', 'Just looking', 'no plans yet', 'not looking to buy yet', 'window shopping']) {
    const t = parseTimeline(s);
    assert.equal(t?.browsing, true, s);
    assert.equal(t?.days, null, s);
  }
  const unclear = parseTimeline('when the kids finish school');
  assert.equal(unclear?.unparsed, true);
  assert.equal(unclear?.days, null);
  assert.equal(parseTimeline(''), null);
  assert.equal(parseTimeline(null), null);
  assert.equal(timelineDays(parseTimeline('3-6 months')), 135);
  assert.equal(timelineDays(parseTimeline('just browsing')), null);
});

test('payment parser', () => {
  const cases: [string, PaymentMethod, boolean][] = [
    ['cash', 'cash', false],
    ['Cash buyer', 'cash', false],
    ['cash - chain free', 'cash', false],
    ['cash from sale of property', 'cash_from_sale', true],
    ['cash once my flat sells', 'cash_from_sale', true],
    ['mortgage', 'mortgage', false],
    ['Mortgage approved', 'mortgage_approved', false],
    ['AIP', 'mortgage_approved', false],
    ['DIP in place', 'mortgage_approved', false],
    ['MIP', 'mortgage_approved', false],
    ['agreement in principle', 'mortgage_approved', false],
    ['mortgage, decision in principle received', 'mortgage_approved', false],
    ['mortgage - AIP pending', 'mortgage', false],
    ['mortgage not yet approved', 'mortgage', false],
    ['mortgage, no AIP yet', 'mortgage', false],
    ['mortgage, need to sell my house first', 'mortgage', true],
    ['mortgage approved, subject to sale', 'mortgage_approved', true],
    ['help to buy', 'help_to_buy', false],
    ['Help-to-Buy equity loan', 'help_to_buy', false],
    ['shared ownership', 'shared_ownership', false],
    ['part exchange', 'part_exchange', false],
    ['PX', 'part_exchange', false],
    ['crypto', 'unknown', false],
  ];
  for (const [input, method, chain] of cases) {
    const p = parsePayment(input);
    assert.ok(p, input);
    assert.equal(p.method, method, input);
    assert.equal(p.chain, chain, `${input} chain`);
  }
  assert.equal(parsePayment('mortgage - AIP pending')?.approval_pending, true);
  assert.equal(parsePayment(''), null);
  assert.equal(parsePayment('not sure'), null);
});

test('purpose parser', () => {
  const cases: [string, Purpose][] = [
    ['primary residence', 'primary_residence'],
    ['Main home', 'primary_residence'],
    ['to live in', 'primary_residence'],
    ['first time buyer', 'primary_residence'],
    ['investment', 'investment'],
    ['Investor', 'investment'],
    ['buy to let', 'buy_to_let'],
    ['BTL', 'buy_to_let'],
    ['holiday let', 'buy_to_let'],
    ['second home', 'second_home'],
    ['holiday home', 'second_home'],
    ['pied-a-terre', 'second_home'],
    ['other', 'unknown'],
  ];
  for (const [input, want] of cases) assert.equal(parsePurpose(input)?.purpose, want, input);
  assert.equal(parsePurpose('first time buyer')?.first_time_buyer, true);
  assert.equal(parsePurpose('investment')?.first_time_buyer, false);
  assert.equal(parsePurpose(null), null);
});

test('bedrooms parser', () => {
  const cases: [unknown, number | null][] = [
    [2, 2], [0, 0], ['studio', 0], ['2 bed', 2], ['three', 3], ['3+', 3], [2.5, null], [-1, null], [25, null],
    ['lots', null], [null, null], ['', null],
  ];
  for (const [input, want] of cases) assert.equal(parseBedrooms(input), want, String(input));
});

test('source kinds', () => {
  const cases: [string | null, SourceKind][] = [
    ['Rightmove', 'portal'], ['Zoopla', 'portal'], ['OnTheMarket', 'portal'], ['Website', 'website'],
    ['website enquiry', 'website'], ['Facebook', 'social'], ['Instagram ad', 'social'], ['Google Ads', 'search'],
    ['Referral', 'referral'], ['Walk-in', 'direct'], ['Typeform', 'form'], ['Newsletter', 'email'],
    ['Carrier pigeon', 'other'], [null, 'unknown'], ['', 'unknown'],
  ];
  for (const [input, want] of cases) assert.equal(parseSource(input), want, String(input));
  assert.equal(parseSource(null, { utm_source: 'facebook' }), 'social');
});

test('norm: the one-pass scanner agrees with the regex definition for every UTF-16 code unit', () => {
  const WS_RE = /\s+/g;
  const ODD_WS_RE = /\s\s|[\t\n\r\f\v\u00a0]/;
  const UPPER_RE = /[A-Z\u00c0-\uffff]/;
  const reference = (v: string): string => {
    let t = v.trim();
    if (t.length === 0) return '';
    if (UPPER_RE.test(t)) t = t.toLowerCase();
    return ODD_WS_RE.test(t) ? t.replace(WS_RE, ' ') : t;
  };
  for (let c = 0; c < 0x10000; c++) {
    const ch = String.fromCharCode(c);
    for (const s of [`a${ch}b`, `a${ch}${ch}b`, `a ${ch}b`, ch]) assert.equal(norm(s), reference(s), `U+${c.toString(16)}`);
  }
  assert.equal(norm('  Hello   World\t'), 'hello world');
  assert.equal(norm(450), '450');
  assert.equal(norm(null), '');
});

test('gates: a gated keyword pattern answers exactly as its regex, on text made of its own words', () => {
  assert.ok(GATED.length >= 20, 'the parsers gate their patterns');
  const words = [...new Set(GATED.flatMap((g) => g.re.source.match(/[a-z]+/g) ?? []))];
  const piece = fc.oneof(fc.constantFrom(...words), fc.string({ maxLength: 3 }), fc.constantFrom('3', '12', '£', 'x.com', 'p/x', 'à', 'É', '_'));
  const sep = fc.constantFrom(' ', '', '-', ', ', '.', '/', '_', '\t');
  fc.assert(
    fc.property(fc.array(fc.tuple(piece, sep), { maxLength: 5 }), (parts) => {
      const s = parts.map(([p, q]) => p + q).join('');
      const w = wordStarts(s);
      for (const g of GATED) assert.equal(g.test(s, w), g.re.test(s), `${g.re.source} on ${JSON.stringify(s)}`);
    }),
    { numRuns: 20000 },
  );
});

test('gates: only plain "\\b + letter" alternatives are read; anything else leaves the gate open', () => {
  const ALL = 0x3ffffff;
  assert.equal(gateOf(/\bcash\b|\bno mortgage\b/), (1 << 2) | (1 << 13));
  assert.equal(gateOf(/\b(immediate|asap|now)\b/), (1 << 0) | (1 << 8) | (1 << 13));
  for (const re of [/\+|\bplus\b/, /\b(\d+|an?)\s*days/, /\ba?b/, /\b(?:x|y)?z/, /\b[ab]c/, /\bcash/i, /\bcash/g, /\b(?=c)cash/, /cash\b/]) {
    assert.equal(gateOf(re), ALL, re.source);
  }
});
