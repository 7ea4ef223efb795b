/**
 * Pure scoring-engine benchmark: scores a varied, pre-generated set of leads on one core for a few
 * seconds and prints leads/s and ns/lead, counted in CPU time of this process (on a shared machine
 * wall-clock time also counts the time other processes held the core).
 *
 *   node --import tsx bench/scoring-engine.ts [seconds] [--reference path/to/other/scoring/index.ts]
 *
 * With --reference, another engine (e.g. an older commit checked out under .tmp/) scores the same
 * leads in alternating slices of the same run, and its figure is printed beside ours. The last
 * line of output is JSON.
 */
import { scoreLead, type LeadInput, type ScoreContext, type LeadStatus } from '../src/scoring/index.ts';

const SECONDS = Number(process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : 4);
const refAt = process.argv.indexOf('--reference');
const REFERENCE = refAt > 0 ? process.argv[refAt + 1] : undefined;
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
const NOTES = [
  'Looking for a 2-bed with a balcony near the station',
  'Cash buyer, no chain, can view Saturday. Budget 400k for a 3 bed',
  'We have a mortgage in principle and have sold STC. Hoping to complete in 2-3 months.',
  'Is parking included? Just looking at the moment, might move next year.',
  "I'm looking to rent a 2 bed, budget £1,200 pcm",
];
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
      notes: rnd() < 0.3 ? pick(NOTES) : null,
  };
}

const leads: LeadInput[] = Array.from({ length: N }, makeLead);
const received_at = new Date('2026-03-10T09:00:00Z');
const contexts: ScoreContext[] = [
  { received_at },
  { received_at, development: { price_from: 350_000, price_to: 900_000, unit_mix: { '1': { count: 20, price_from: 350_000, price_to: 450_000 }, '2': { count: 30, price_from: 480_000, price_to: 650_000 } } } },
];

type Engine = (lead: LeadInput, ctx: ScoreContext) => { quality_score: number };

let sink = 0;
function run(engine: Engine, count: number, from: number): void {
  for (let i = 0; i < count; i++) {
    const r = engine(leads[(from + i) % N]!, contexts[(from + i) & 1]!);
    sink += r.quality_score;
  }
}

const cpuNs = () => { const u = process.cpuUsage(); return (u.user + u.system) * 1000; };

const engines: [string, Engine][] = [['engine', scoreLead]];
if (REFERENCE) {
  const mod = (await import(new URL(REFERENCE, `file://${process.cwd()}/`).href)) as { scoreLead: Engine };
  engines.push(['reference', mod.scoreLead]);
}
const spent = engines.map(() => 0);
const done = engines.map(() => 0);
for (const [, e] of engines) run(e, 50_000, 0); // warm-up
const deadline = process.hrtime.bigint() + BigInt(Math.round(SECONDS * 1e9));
let slice = 0;
while (process.hrtime.bigint() < deadline) {
  // alternate slices, so both engines see the same load on the machine
  for (let k = 0; k < engines.length; k++) {
    const t0 = cpuNs();
    run(engines[k]![1], 10_000, slice * 10_000);
    spent[k]! += cpuNs() - t0;
    done[k]! += 10_000;
  }
  slice++;
}
const figure = (k: number) => ({ leads: done[k]!, cpu_seconds: Math.round(spent[k]! / 1e7) / 100, leads_per_s: Math.round((done[k]! * 1e9) / spent[k]!), ns_per_lead: Math.round(spent[k]! / done[k]!) });
const result = {
  bench: 'scoring-engine',
  ...figure(0),
  ...(REFERENCE ? { reference: { path: REFERENCE, ...figure(1) } } : {}),
  node: process.version,
  checksum: sink % 1000,
};
console.log(JSON.stringify(result));
