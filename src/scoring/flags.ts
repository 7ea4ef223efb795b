/** Human-readable risk flags: every fake-lead reason first, then the softer warnings. */
import type { LeadSignals } from './signals.ts';
import { gbp } from './factors.ts';

export const FLAG = {
  dramaPhone: 'Phone number is in an Ofcom drama range (never allocated to a real line)',
  badPhone: 'Phone number does not look valid: confirm it by email',
  relayEmail: 'Email is a privacy relay address',
  invalidEmail: 'Invalid email address',
  noContact: 'No email or phone number',
  emailOtherName: 'Email names someone else (partners often share an inbox): confirm who is buying',
  mortgageNotApproved: 'Mortgage not yet agreed in principle',
  helpToBuy: 'Help to Buy equity loan has closed to new buyers',
  sharedOwnership: 'Shared ownership: affordability cap and a longer path to completion',
  chain: 'Chain: the purchase depends on selling a property',
  budgetUnreadable: 'Budget could not be read',
  deposit: 'A deposit was given, not the purchase price',
  browsing: 'Just browsing: low urgency',
  rental: 'Looking to rent, not to buy',
  bedroomsNotOffered: 'No homes with the wanted number of bedrooms',
} as const;

export function riskFlags(s: LeadSignals): string[] {
  const flags = s.fake_reasons.slice();
  const ph = s.phone?.status;
  if (ph === 'drama') flags.push(FLAG.dramaPhone);
  else if ((ph === 'invalid' || ph === 'made_up') && s.fake_reasons.length === 0) flags.push(FLAG.badPhone);
  const e = s.email;
  if (e !== null) {
    if (e.status === 'typo') flags.push(`Email domain looks mistyped: did you mean ${e.suggestion}?`);
    else if (e.status === 'relay') flags.push(FLAG.relayEmail);
    else if (e.status === 'invalid') flags.push(FLAG.invalidEmail);
  }
  if (s.email === null && s.phone === null) flags.push(FLAG.noContact);
  if (s.mismatch.mismatch) flags.push(FLAG.emailOtherName);
  const p = s.payment;
  if (p !== null) {
    if (p.method === 'mortgage') flags.push(FLAG.mortgageNotApproved);
    else if (p.method === 'help_to_buy') flags.push(FLAG.helpToBuy);
    else if (p.method === 'shared_ownership') flags.push(FLAG.sharedOwnership);
    if (p.chain) flags.push(FLAG.chain);
  }
  if (s.below_cheapest && s.budget !== null && s.dev !== null && s.dev.price_from !== null) {
    flags.push(`Budget below the cheapest home that fits (${gbp(s.budget.max)} < ${gbp(s.dev.price_from)})`);
  }
  const r = s.budget_reading;
  if (r.rent_pcm !== null && s.budget === null) flags.push(`£${r.rent_pcm.toLocaleString('en-GB')} a month is rent, not a purchase budget`);
  if (r.currency !== null) flags.push(`Budget given in ${r.currency}: confirm the figure in pounds`);
  if (r.deposit && s.budget === null) flags.push(FLAG.deposit);
  if (s.budget_unreadable) flags.push(FLAG.budgetUnreadable);
  if (s.band === 'browsing') flags.push(FLAG.browsing);
  if (s.rental) flags.push(FLAG.rental);
  if (s.dev?.bedrooms_not_offered) flags.push(FLAG.bedroomsNotOffered);
  return flags;
}
