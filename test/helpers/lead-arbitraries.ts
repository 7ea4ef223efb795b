/** fast-check arbitraries of leads and scoring contexts: known phrasings mixed with random text. */
import fc from 'fast-check';
import { LEAD_STATUSES, LEAD_CATEGORIES, type LeadInput, type ScoreContext } from '../../src/scoring/index.ts';

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const mixed = (xs: string[]) => fc.oneof(fc.constantFrom(...xs), fc.string({ maxLength: 20 }));

export const leadArb: fc.Arbitrary<LeadInput> = fc.record({
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
  notes: maybe(mixed(['cash buyer, no chain, can view Saturday', 'need to sell first', 'we have a DIP for £350,000', 'just looking at the moment',
    'looking to rent a 2 bed, £1,200 pcm', 'viewing booked for Saturday', 'moving in the spring', 'not cash, mortgage'])),
  attributes: maybe(fc.constantFrom({ 'How are you buying?': 'Cash' }, { 'Do you have an agreement in principle?': 'Yes' }, { 'When do you want to move?': '6-12 months' })),
});

export const ctxArb: fc.Arbitrary<ScoreContext> = fc.oneof(
  fc.constant({}),
  fc.record({ received_at: fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }) }),
  fc.record({
    received_at: fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }),
    development: fc.record({
      price_from: maybe(fc.integer({ min: 50_000, max: 3_000_000 })),
      price_to: maybe(fc.integer({ min: 50_000, max: 6_000_000 })),
      unit_mix: maybe(fc.constant({ '1': { count: 10, price_from: 300_000, price_to: 400_000 }, '2': { count: 0 } })),
    }),
  }),
);

