/**
 * Plausible demo data for one UK developer: a handful of developments with price bands and unit
 * mixes, and buyer enquiries with a realistic spread of sources, budgets, payment methods,
 * timelines and pipeline statuses. Pure and seeded: the same seed gives the same data.
 */
import type { LeadCategory, LeadStatus } from '../scoring/index.ts';
import type { UnitMix } from '../db/schema/developments.ts';

export interface DemoDevelopment {
  name: string;
  location: string;
  status: 'Planning' | 'Launching' | 'Active' | 'Sold Out' | 'Completed';
  total_units: number;
  price_from: number;
  price_to: number;
  unit_mix: UnitMix;
}

const band = (count: number, from: number, to: number) => ({ count, price_from: from, price_to: to });

export const DEMO_DEVELOPMENTS: DemoDevelopment[] = [
  { name: 'Riverside Quarter', location: 'London SE1', status: 'Active', total_units: 120, price_from: 385_000, price_to: 1_250_000,
    unit_mix: { '1': band(40, 385_000, 495_000), '2': band(50, 525_000, 760_000), '3': band(30, 820_000, 1_250_000) } },
  { name: 'Canal Wharf', location: 'Manchester M4', status: 'Launching', total_units: 210, price_from: 185_000, price_to: 425_000,
    unit_mix: { '0': band(30, 185_000, 215_000), '1': band(90, 220_000, 285_000), '2': band(90, 295_000, 425_000) } },
  { name: 'The Maltings', location: 'Leeds LS10', status: 'Active', total_units: 150, price_from: 165_000, price_to: 365_000,
    unit_mix: { '1': band(50, 165_000, 210_000), '2': band(70, 225_000, 295_000), '3': band(30, 310_000, 365_000) } },
  { name: 'Harbour View', location: 'Bristol BS1', status: 'Planning', total_units: 90, price_from: 295_000, price_to: 650_000,
    unit_mix: { '1': band(30, 295_000, 360_000), '2': band(40, 385_000, 520_000), '3': band(20, 560_000, 650_000) } },
  { name: "St Anne's Gardens", location: 'Birmingham B15', status: 'Sold Out', total_units: 64, price_from: 245_000, price_to: 540_000,
    unit_mix: { '2': band(34, 245_000, 360_000), '3': band(20, 380_000, 460_000), '4': band(10, 480_000, 540_000) } },
  { name: 'Meadow Rise', location: 'Cambridge CB4', status: 'Completed', total_units: 80, price_from: 425_000, price_to: 975_000,
    unit_mix: { '2': band(30, 425_000, 560_000), '3': band(35, 600_000, 780_000), '4': band(15, 820_000, 975_000) } },
];

/** xorshift32: fast, seedable, good enough for demo data (never for anything secret). */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 0x9e3779b9;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 0x100000000;
  };
}

type Weighted<T> = readonly (readonly [T, number])[];

function picker<T>(table: Weighted<T>): (r: number) => T {
  const total = table.reduce((s, [, w]) => s + w, 0);
  return (r) => {
    let x = r * total;
    for (const [value, w] of table) if ((x -= w) < 0) return value;
    return table[table.length - 1]![0];
  };
}

const SOURCES = picker([['Rightmove', 30], ['Zoopla', 17], ['Website', 20], ['Facebook', 10], ['Google Ads', 8], ['Typeform', 6], ['Referral', 5], ['Walk-in', 2], ['OnTheMarket', 2]] as const);
const PAYMENTS = picker([['mortgage', 33], ['mortgage approved', 12], ['AIP in place', 7], ['cash', 14], ['cash from sale of property', 5], ['shared ownership', 5], ['part exchange', 3], ['help to buy', 1], [null, 20]] as const);
const TIMELINES = picker([['immediate', 4], ['28 days', 7], ['within a month', 4], ['3 months', 24], ['3-6 months', 14], ['6-12 months', 18], ['next year', 6], ['just browsing', 9], [null, 14]] as const);
const PURPOSES = picker([['primary residence', 45], ['first time buyer', 12], ['investment', 14], ['buy to let', 9], ['second home', 5], [null, 15]] as const);
const DOMAINS = picker([['gmail.com', 34], ['hotmail.co.uk', 14], ['outlook.com', 12], ['icloud.com', 10], ['yahoo.co.uk', 8], ['btinternet.com', 6], ['sky.com', 4], ['live.co.uk', 4], ['duck.com', 1], ['mailinator.com', 1]] as const);
const CATEGORIES = picker<LeadCategory>([['BUYER', 92], ['AGENCY', 5], ['PROPERTY_SEARCH', 3]]);
/** Statuses of enquiries old enough to have been worked; newer ones are mostly still pending. */
const WORKED_STATUSES = picker<LeadStatus>([['Contact Pending', 14], ['Contacted', 32], ['Viewing Booked', 13], ['Viewing Attended', 9], ['Reserved', 4], ['Exchanged', 2], ['Sold', 2], ['Lost', 20], ['Archived', 4]]);

const FIRST = ['Olivia', 'Amelia', 'Isla', 'Ava', 'Mia', 'Grace', 'Sophie', 'Emily', 'Priya', 'Aisha', 'Fatima', 'Chloe', 'Hannah', 'Zara', 'Siobhan', 'Megan',
  'Oliver', 'George', 'Harry', 'Jack', 'Noah', 'Leo', 'Arthur', 'Muhammad', 'James', 'Thomas', 'Daniel', 'Ravi', 'Kwame', 'Tomasz', 'Rhys', 'Callum', 'Wei', 'Luca'];
const LAST = ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Khan', 'Ahmed', 'Evans', 'Thomas', 'Roberts', 'Walker',
  'Wright', 'Robinson', 'Thompson', 'White', 'Hughes', 'Edwards', 'Green', 'Hall', 'Wood', 'Chen', 'Singh', 'Murphy', "O'Brien", 'Kowalski', 'Okafor', 'Nguyen', 'MacDonald'];

export interface DemoLead {
  full_name: string;
  email: string | null;
  phone: string | null;
  budget: string | null;
  payment_method: string | null;
  timeline: string | null;
  purpose: string | null;
  location: string | null;
  bedrooms: number | null;
  source: string;
  category: LeadCategory;
  status: LeadStatus;
  notes: string | null;
  /** Index into the developments list, or null for a general enquiry. */
  development: number | null;
  created_at: Date;
}

const DAY_MS = 86_400_000;

function formatBudget(r: () => number, amount: number): string {
  const k = Math.round(amount / 5_000) * 5;
  switch (Math.floor(r() * 6)) {
    case 0: return String(k * 1000);
    case 1: return `£${k}k`;
    case 2: return `£${(k * 1000).toLocaleString('en-GB')}`;
    case 3: return k >= 1000 ? `${(k / 1000).toFixed(2).replace(/0$/, '')}m` : `${k}k`;
    case 4: return `£${Math.max(50, k - 25)}k-£${k + 25}k`;
    default: return `up to £${k}k`;
  }
}

/**
 * The i-th demo lead of a run. `tag` keeps emails unique across runs into one company (one live
 * lead per email); `spanDays` spreads creation times back from `now`.
 */
export function demoLead(r: () => number, i: number, tag: string, now: number, spanDays = 90): DemoLead {
  const first = FIRST[Math.floor(r() * FIRST.length)]!;
  const last = LAST[Math.floor(r() * LAST.length)]!;
  const devIndex = r() < 0.86 ? Math.floor(r() * DEMO_DEVELOPMENTS.length) : null;
  const dev = devIndex === null ? null : DEMO_DEVELOPMENTS[devIndex]!;
  const mixKeys = dev ? Object.keys(dev.unit_mix) : ['1', '2', '3'];
  const bedrooms = r() < 0.7 ? Number(mixKeys[Math.floor(r() * mixKeys.length)]) : null;
  const row = dev && bedrooms !== null ? dev.unit_mix[String(bedrooms)] : undefined;
  const from = row?.price_from ?? dev?.price_from ?? 250_000;
  const to = row?.price_to ?? dev?.price_to ?? 600_000;
  // Most budgets land in the band, some a little under it, a few well over.
  const budgetAmount = from * 0.8 + r() * (to - from * 0.8) * 1.25;
  const ageMs = Math.floor(Math.pow(r(), 1.15) * spanDays * DAY_MS);
  const createdAt = new Date(now - ageMs);
  const ageDays = ageMs / DAY_MS;
  const status: LeadStatus = ageDays < 1 ? 'Contact Pending' : ageDays < 4 && r() < 0.5 ? 'Contact Pending' : WORKED_STATUSES(r());
  const junk = r() < 0.015;
  // Some enquiries (social ads, portal one-clicks) arrive with little more than a name and email.
  const sparse = r() < 0.07;
  const local = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '');
  return {
    full_name: junk ? 'test test' : `${first} ${last}`,
    email: r() < 0.93 ? `${junk ? 'test' : local}.${tag}${i}@${junk ? 'mailinator.com' : DOMAINS(r())}` : null,
    phone: r() < 0.8 ? `07${['4', '5', '7', '8', '9'][Math.floor(r() * 5)]}${String(Math.floor(10_000_000 + r() * 89_999_999))}` : `+44 7911 ${String(100_000 + i % 899_999)}`,
    budget: !sparse && r() < 0.85 ? formatBudget(r, budgetAmount) : null,
    payment_method: sparse ? null : PAYMENTS(r()),
    timeline: sparse ? null : TIMELINES(r()),
    purpose: sparse ? null : PURPOSES(r()),
    location: dev ? dev.location : r() < 0.5 ? 'London' : null,
    bedrooms,
    source: SOURCES(r()),
    category: CATEGORIES(r()),
    status,
    notes: r() < 0.2 ? 'Asked about parking and completion dates; prefers a south-facing balcony.' : null,
    development: devIndex,
    created_at: createdAt,
  };
}
