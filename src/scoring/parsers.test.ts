import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseBudget } from './budget.ts';
import { parseTimelineText, timelineBand } from './timeline.ts';
import { parsePaymentText, type PaymentMethod } from './payment.ts';
import { readBudgetText } from './budget.ts';
import { parsePurpose, type Purpose } from './purpose.ts';
import { parseBedrooms } from './bedrooms.ts';
import { parseSource, type SourceKind } from './source.ts';
import { norm } from './text.ts';
import { cleanText } from '../text/normalise.ts';
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

// Received Tuesday 10 March 2026: calendar words are read against it.
const REF = Date.UTC(2026, 2, 10, 9);
const parseTimeline = (raw: string, ref: number | null = REF, free = false) => parseTimelineText(norm(raw), ref, free);
const parsePayment = (raw: string) => parsePaymentText(norm(raw));

test('timeline parser: durations, words and calendar, read against the time the lead arrived', () => {
  const cases: [string, number | null, number | null][] = [
    ['immediate', 0, 7],
    ['ASAP', 0, 7],
    ['now', 0, 7],
    ['ready to buy', 0, 7],
    ['Not just looking - ready to buy', 0, 7],
    ['28 days', 28, 28],
    ['within 28 days', 28, 28],
    ['within a month', 0, 30],
    ['4 weeks', 28, 28],
    ['two weeks', 14, 14],
    ['a fortnight', 14, 14],
    ['next week', 7, 14],
    ['3 months', 90, 90],
    ['0-3 months', 0, 90],
    ['3-6 months', 90, 180],
    ['3 to 6 months', 90, 180],
    ['6-12 months', 180, 360],
    ['12 months+', 360, 540],
    ['12+ months', 360, 540],
    ['1 year', 365, 365],
    ['200 years', 3650, 3650],
    ['next month', 22, 22], // 1 April
    ['by September', 175, 175], // 1 September
    ['in August', 144, 144],
    ['March', 0, 0], // this month
    ['February', 328, 328], // next February
    ['spring', 0, 0], // March is spring
    ['summer', 83, 83], // 1 June
    ['Q2 2027', 387, 387], // 1 April 2027
    ['q3', 113, 113], // 1 July 2026
    ['after Christmas', 301, 301], // 5 January 2027
    ['end of the year', 266, 266], // 1 December
    ['next year', 297, 387],
  ];
  for (const [input, days, max] of cases) {
    const t = parseTimeline(input);
    assert.ok(t, input);
    assert.equal(t.browsing, false, `${input} not browsing`);
    assert.equal(t.days, days, `${input} days`);
    assert.equal(t.days_max, max, `${input} days_max`);
  }
});

test('timeline parser: bands are exclusive; "within a month" is a 28-day band like "4 weeks"', () => {
  const band = (s: string) => timelineBand(parseTimeline(s));
  assert.equal(band('within a month'), '28_days');
  assert.equal(band('4 weeks'), '28_days');
  assert.equal(band('next week'), '28_days');
  assert.equal(band('6 weeks'), '3_months');
  assert.equal(band('3 months'), '3_months');
  assert.equal(band('by September'), '6_months');
  assert.equal(band('6-12 months'), '12_months');
  assert.equal(band('12 months+'), 'later');
  assert.equal(band('just browsing'), 'browsing');
  assert.equal(timelineBand(null), 'unknown');
});

test('timeline parser: browsing, negation, unclear, missing; calendar words need the arrival time', () => {
  for (const s of ['just browsing', 'Just looking', 'no plans yet', 'window shopping', 'just researching']) {
    const t = parseTimeline(s);
    assert.equal(t?.browsing, true, s);
    assert.equal(t?.days, null, s);
  }
  assert.equal(parseTimeline('not just looking')?.browsing, false);
  assert.equal(parseTimeline('just started looking')?.unparsed, true);
  const unclear = parseTimeline('when the kids finish school');
  assert.equal(unclear?.unparsed, true);
  assert.equal(parseTimeline(''), null);
  assert.equal(parseTimeline('by September', null)?.unparsed, true, 'no arrival time: a month name cannot be placed');
  assert.equal(parseTimeline('3 months', null)?.days, 90, 'durations need no arrival time');
  // in a message a duration needs a cue word: "lived here 10 years" is not a timeline
  assert.equal(parseTimeline('we have lived here 10 years', REF, true), null);
  assert.equal(parseTimeline('we complete in 8 weeks', REF, true)?.days, 56);
  assert.equal(parseTimeline('we rent now', REF, true), null, '"now" in a message is not a timeline');
});

test('payment parser: positions, negation, UK terms', () => {
  const cases: [string, PaymentMethod, boolean][] = [
    ['cash', 'cash', false],
    ['Cash buyer', 'cash', false],
    ['cash - chain free', 'cash', false],
    ['no mortgage needed', 'cash', false],
    ['mortgage free', 'cash', false],
    ['nothing to sell, no mortgage needed', 'cash', false],
    ['not cash', 'mortgage', false],
    ['cash from sale of property', 'needs_to_sell', true],
    ['cash once we sell', 'needs_to_sell', true],
    ['completing on my flat sale next month, funds ready', 'cash', false],
    ['our flat has exchanged', 'cash', false],
    ['mortgage', 'mortgage', false],
    ['morgage', 'mortgage', false],
    ['Mortgage approved', 'mortgage_approved', false],
    ['AIP', 'mortgage_approved', false],
    ['DIP in place', 'mortgage_approved', false],
    ['MIP', 'mortgage_approved', false],
    ['agreement in principal', 'mortgage_approved', false],
    ['mortgage - AIP pending', 'mortgage', false],
    ['mortgage not yet approved', 'mortgage', false],
    ['mortgage, no AIP yet', 'mortgage', false],
    ['mortgage, need to sell my house first', 'needs_to_sell', true],
    ['Sold STC', 'sold_stc', false],
    ['sold-stc', 'sold_stc', false],
    ['sold subject to contract', 'sold_stc', false],
    ['on the market', 'on_market', true],
    ['need to sell first, not on the market yet', 'needs_to_sell', true],
    ['Chain free', 'no_chain', false],
    ['not selling', 'no_chain', false],
    ['nothing to sell', 'no_chain', false],
    ['first time buyer', 'no_chain', false],
    ['help to buy', 'help_to_buy', false],
    ['Help-to-Buy equity loan', 'help_to_buy', false],
    ['Help to Buy ISA', 'mortgage', false],
    ['Lifetime ISA', 'mortgage', false],
    ['First Homes scheme', 'mortgage', false],
    ['Deposit Unlock', 'mortgage', false],
    ['shared ownership', 'shared_ownership', false],
    ['part exchange', 'part_exchange', false],
    ['PX', 'part_exchange', false],
    ['part exchange agreed', 'part_exchange_agreed', false],
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
});

test('budget reader: rent, deposit, other currencies and bedrooms are not purchase budgets', () => {
  const read = (s: string, mode: 'field' | 'text' = 'field') => readBudgetText(norm(s), mode);
  assert.equal(read('£1,200 pcm').budget, null);
  assert.equal(read('£1,200 pcm').rent_pcm, 1200);
  assert.equal(read('£350 pw').budget, null);
  assert.equal(read('£350 pw').rent_pcm, 1517);
  assert.equal(read('max £1,100 per month').rent_pcm, 1100);
  assert.deepEqual([read('2 bed up to 450k').budget?.max, read('2 bed up to 450k').bedrooms], [450_000, 2]);
  const deposit = read('around 600k with 10% deposit');
  assert.equal(deposit.budget?.max, 600_000);
  assert.equal(deposit.deposit, true);
  assert.equal(read('15k deposit').budget, null);
  assert.equal(read('15k deposit').deposit, true);
  assert.equal(read('700 000').budget?.max, 700_000);
  assert.equal(read('1 500 000').budget?.max, 1_500_000);
  for (const [s, cur] of [['AED 2m', 'AED'], ['$800k', 'USD'], ['€500k', 'EUR'], ['2m dirhams', 'AED']] as const) {
    assert.equal(read(s).budget, null, s);
    assert.equal(read(s).currency, cur, s);
  }
  assert.equal(read('£1,000,000,000').junk_value, 1e9);
  assert.equal(read('£5,000').junk_value, 5000);
  assert.equal(read('250').budget?.max, 250_000);
  // in a message only money-shaped figures count: "2-3 months", "plot 22", "4th floor" never do
  assert.equal(read('hoping to complete in 2-3 months, plot 22 on the 4th floor', 'text').budget, null);
  assert.equal(read('we have a DIP for £350,000', 'text').budget?.max, 350_000);
  assert.equal(read('budget 400k for a 3 bed', 'text').bedrooms, 3);
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
  // invisible characters removed and NFC first, then the scanner's own rules
  const reference = (v: string): string => {
    let t = cleanText(v).trim();
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
  assert.ok(GATED.length >= 10, 'the purpose and source parsers gate their patterns');
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
