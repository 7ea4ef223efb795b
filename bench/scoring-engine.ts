/**
 * Pure scoring-engine benchmark: scores a varied, pre-generated set of leads on one core for a few
 * seconds and prints leads/s and ns/lead. Run: node --import tsx bench/scoring-engine.ts [seconds]
 * The last line of output is JSON.
 */
import { scoreLead, type LeadInput, type ScoreContext, type LeadStatus } from '../src/scoring/index.ts';

const SECONDS = Number(process.argv[2] ?? 4);
const N = 4096;

// deterministic generator (no Math.random: the set is the same every run)
let seed = 0x9e3779b9;
function rnd(): number {
  seed ^= seed << 13; seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5; seed >>>= 0;
  return seed / 0x100000000;
}
function pick<T>(xs: readonly T[]): T { return xs[Math.floor(rnd() * xs.length)]!; }

const FIRST = ['James', 'Sarah', 'Mohammed', 'Olivia', 'Priya', 'Tom', 'Aisha', 'Liam', 'Zoë', 'Chen', 'Siobhán', 'test'];
const LAST = ['Wilson', 'Chen', 'Khan', 'Smith', 'Patel', "O'Brien", 'Jones', 'Nguyen', 'Doherty', 'test', 'asdfgh'];
const DOMAINS = ['gmail.com', 'hotmail.co.uk', 'outlook.com', 'btinternet.com', 'icloud.com', 'example.com', 'mailinator.com', 'duck.com', 'yahoo.co.uk'];
const PHONES = ['+44 7911 123456', '07700 900123', '020 7123 4567', '+44 161 496 0000', '0113 496 0123', '07123 456789', '+44 1234', '+1 415 555 0100', '07400 123456', '+447911654321', '0121 234 5678', '', '07777 777777'];
const BUDGETS = ['500000', '£500k', '500,000', '1.2m', '£450k-£550k', 'between 400 and 500k', 'up to £350k', 'around 275k', 'not sure', '£2.5m', '180000', '', 'asdf'];
const PAYMENTS = ['cash', 'mortgage', 'mortgage approved', 'AIP in place', 'DIP', 'cash from sale of property', 'help to buy', 'shared ownership', 'part exchange', 'mortgage - need to sell first', '', 'not sure'];
const TIMELINES = ['immediate', 'ASAP', '28 days', 'within a month', '4 weeks', '3 months', '3-6 months', '6-12 months', 'next year', 'just browsing', '', 'summer'];
const PURPOSES = ['primary residence', 'investment', 'buy to let', 'second home', 'first time buyer', '', 'family home'];
const SOURCES = ['Rightmove', 'Zoopla', 'Website', 'Facebook', 'Google Ads', 'Referral', 'Walk-in', 'Typeform', '', 'newsletter'];
const STATUSES: (LeadStatus | null)[] = [null, null, 'Contact Pending', 'Contacted', 'Viewing Booked', 'Viewing Attended', 'Reserved', 'Lost'];

function makeLead(): LeadInput {
  const first = pick(FIRST), last = pick(LAST);
  const local = rnd() < 0.8 ? `${first}.${last}` : pick(['sarah.jones', 'info', 'jsmith84', 'test']);
  return {
    full_name: `${first} ${last}`,
    email: rnd() < 0.9 ? `${local.toLowerCase().replace(/[^a-z.]/g, '')}@${pick(DOMAINS)}` : null,
    phone: rnd() < 0.8 ? pick(PHONES) : null,
    budget: pick(BUDGETS),
    payment_method: pick(PAYMENTS),
    timeline: pick(TIMELINES),
    purpose: pick(PURPOSES),
    location: rnd() < 0.5 ? 'London SE1' : null,
    bedrooms: rnd() < 0.5 ? Math.floor(rnd() * 4) : null,
    source: pick(SOURCES),
    status: pick(STATUSES),
    notes: rnd() < 0.3 ? 'Looking for a 2-bed with a balcony near the station' : null,
  };
}

const leads: LeadInput[] = Array.from({ length: N }, makeLead);
const contexts: ScoreContext[] = [
  {},
  { development: { price_from: 350_000, price_to: 900_000, unit_mix: { '1': { count: 20, price_from: 350_000, price_to: 450_000 }, '2': { count: 30, price_from: 480_000, price_to: 650_000 } } } },
];

let sink = 0;
function run(count: number): void {
  for (let i = 0; i < count; i++) {
    const r = scoreLead(leads[i % N]!, contexts[i & 1]!);
    sink += r.quality_score;
  }
}

run(50_000); // warm-up
let done = 0;
const start = process.hrtime.bigint();
const deadline = start + BigInt(Math.round(SECONDS * 1e9));
let now = start;
while (now < deadline) {
  run(10_000);
  done += 10_000;
  now = process.hrtime.bigint();
}
const ns = Number(now - start);
const result = {
  bench: 'scoring-engine',
  leads: done,
  seconds: Math.round(ns / 1e7) / 100,
  leads_per_s: Math.round((done * 1e9) / ns),
  ns_per_lead: Math.round(ns / done),
  node: process.version,
  checksum: sink % 1000,
};
console.log(JSON.stringify(result));
