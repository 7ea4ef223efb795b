/** Human-readable risk flags: every fake-lead reason first, then the softer warnings. */
import type { LeadSignals } from './signals.ts';
import { gbp } from './factors.ts';

export const FLAG = {
  dramaPhone: 'Phone number is in an Ofcom drama range (never allocated to a real line)',
  relayEmail: 'Email is a privacy relay address',
  invalidEmail: 'Invalid email address',
  noContact: 'No email or phone number',
  mortgageNotApproved: 'Mortgage not yet approved',
  helpToBuy: 'Help to Buy equity loan has closed to new buyers',
  sharedOwnership: 'Shared ownership: affordability cap and a longer path to completion',
  cashFromSale: 'Cash depends on selling a property: a chain, not a cash buyer',
  chain: 'Chain: purchase depends on selling a property',
  budgetUnreadable: 'Budget could not be read',
  browsing: 'Just browsing: low urgency',
  lost: 'Lead marked Lost',
  bedroomsNotOffered: 'No units with the wanted number of bedrooms',
} as const;

export function riskFlags(s: LeadSignals): string[] {
  const flags = s.fake_reasons.slice();
  if (s.phone?.status === 'drama') flags.push(FLAG.dramaPhone);
  const e = s.email?.status;
  if (e === 'relay') flags.push(FLAG.relayEmail);
  else if (e === 'invalid') flags.push(FLAG.invalidEmail);
  if (s.email === null && s.phone === null) flags.push(FLAG.noContact);
  const p = s.payment;
  if (p !== null) {
    if (p.method === 'mortgage') flags.push(FLAG.mortgageNotApproved);
    else if (p.method === 'help_to_buy') flags.push(FLAG.helpToBuy);
    else if (p.method === 'shared_ownership') flags.push(FLAG.sharedOwnership);
    if (p.method === 'cash_from_sale') flags.push(FLAG.cashFromSale);
    else if (p.chain) flags.push(FLAG.chain);
  }
  if (s.below_cheapest && s.budget !== null && s.dev !== null && s.dev.price_from !== null) {
    flags.push(`Budget below cheapest unit (${gbp(s.budget.max)} < ${gbp(s.dev.price_from)})`);
  }
  if (s.budget_unreadable) flags.push(FLAG.budgetUnreadable);
  if (s.timeline?.browsing) flags.push(FLAG.browsing);
  if (s.status === 'Lost') flags.push(FLAG.lost);
  if (s.dev?.bedrooms_not_offered) flags.push(FLAG.bedroomsNotOffered);
  return flags;
}
