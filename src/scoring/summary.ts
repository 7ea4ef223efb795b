/**
 * The two lines a salesperson reads first: `summary` (the class and the facts behind it) and
 * `next_step` (what the call must find out, or what would move the lead up).
 */
import type { Classification, LeadStatus } from './types.ts';
import type { LeadSignals } from './signals.ts';
import type { PaymentMethod } from './payment.ts';
import type { TimelineBand } from './timeline.ts';
import { gbp } from './factors.ts';

const SHORT_CLASS: Readonly<Record<Classification, string>> = {
  'Hot Lead': 'Hot', Qualified: 'Qualified', 'Needs Qualification': 'Needs qualifying', Nurture: 'Nurture',
  'Low Priority': 'Low priority', Disqualified: 'Disqualified',
};

const POSITION: Readonly<Record<PaymentMethod, string>> = {
  cash: 'cash buyer', mortgage_approved: 'mortgage agreed in principle', sold_stc: 'own sale agreed (STC)',
  part_exchange_agreed: 'part exchange agreed', no_chain: 'no chain', mortgage: 'mortgage not yet agreed',
  part_exchange: 'wants part exchange', shared_ownership: 'shared ownership', help_to_buy: 'Help to Buy (closed)',
  on_market: 'on the market, not sold', needs_to_sell: 'must sell first', unknown: 'payment not known',
};

const WHEN: Readonly<Record<TimelineBand, string>> = {
  '28_days': 'ready within 28 days', '3_months': 'within 3 months', '6_months': 'within 6 months',
  '12_months': '6-12 months away', later: 'over a year away', unknown: 'timeline not known', browsing: 'just browsing',
};

function bedsLabel(b: number | null): string {
  return b === null ? 'cheapest home' : b === 0 ? 'studio' : `${b}-bed`;
}

function budgetWords(s: LeadSignals): string {
  const b = s.budget;
  const r = s.budget_reading;
  if (b === null) {
    if (r.currency !== null) return `budget in ${r.currency}`;
    if (r.rent_pcm !== null) return 'rent figure, no purchase budget';
    return 'budget not known';
  }
  if (s.budget_ratio === null) return `budget ${gbp(b.max)}`;
  const label = s.dev !== null && s.dev.by_bedrooms ? bedsLabel(s.bedrooms) : 'cheapest home';
  return s.below_cheapest ? `budget ${gbp(b.max)} short of ${label} (${gbp(s.dev!.price_from!)})` : `budget fits ${label}`;
}

function facts(s: LeadSignals): string {
  const method = s.payment === null ? 'unknown' : s.payment.method;
  let out = POSITION[method];
  if ((method === 'cash' || method === 'mortgage_approved') && s.payment !== null && !s.payment.chain) out += ', no chain';
  out += ', ' + WHEN[s.band];
  out += ', ' + budgetWords(s);
  if (s.viewing === 'booked') out += ', viewing booked';
  else if (s.viewing === 'asked') out += ', wants to view';
  return out;
}

export function summaryLine(s: LeadSignals, classification: Classification, closed: LeadStatus | null): string {
  const head = closed !== null ? `${closed} (was ${SHORT_CLASS[classification]})` : SHORT_CLASS[classification];
  if (classification === 'Disqualified') return `${head}: ${s.fake_reasons[0] ?? 'fake lead'}`;
  if (s.rental) return `${head}: looking to rent, not to buy`;
  return `${head}: ${facts(s)}`;
}

/** What to find out on the call: the unknown essentials in words. */
function missingQuestion(s: LeadSignals): string {
  const asks: string[] = [];
  for (const u of s.unknown_essentials) {
    asks.push(u === 'budget' ? 'their budget' : u === 'payment' ? 'how they will pay (cash, AIP, a sale?)' : 'when they want to move');
  }
  if (asks.length === 0) return '';
  return asks.length === 1 ? asks[0]! : asks.slice(0, -1).join(', ') + ' and ' + asks[asks.length - 1]!;
}

export function nextStep(s: LeadSignals, classification: Classification, closed: LeadStatus | null): string {
  if (classification === 'Disqualified') return 'Do not call: mark as junk.';
  if (closed !== null) return `No call due: the lead is ${closed}.`;
  const typo = s.email !== null && s.email.status === 'typo' ? ` Confirm their email (did you mean ${s.email.suggestion}?).` : '';
  const method = s.payment === null ? 'unknown' : s.payment.method;
  let step: string;
  switch (classification) {
    case 'Hot Lead':
      step = s.viewing === 'booked' ? 'Confirm the viewing and check their finance.'
        : method === 'cash' ? 'Call now: book a viewing and ask for proof of funds.'
          : method === 'mortgage_approved' ? 'Call now: book a viewing and check the AIP is current.'
            : 'Call now: book a viewing and confirm their position.';
      break;
    case 'Qualified':
      step = s.below_cheapest ? 'Call soon: the budget is short of the cheapest home; discuss incentives or a smaller home.'
        : method === 'mortgage' || method === 'shared_ownership' || method === 'help_to_buy' ? 'Call soon: ask whether they have an agreement in principle; offer a mortgage adviser.'
          : method === 'no_chain' ? 'Call soon: ask how they will pay (cash or AIP?).'
            : method === 'part_exchange' ? 'Call soon: book a part-exchange valuation.'
              : s.band === 'unknown' ? 'Call soon: ask when they want to move and book a viewing.'
                : s.budget === null ? 'Call soon: ask their budget and book a viewing.'
                  : 'Call soon: book a viewing and agree a timescale.';
      break;
    case 'Needs Qualification':
      step = `Call to find out ${missingQuestion(s)}.`;
      break;
    case 'Nurture':
      step = s.payment?.chain ? 'Follow up: offer part exchange or an assisted move to take the chain away.'
        : s.below_cheapest ? 'Follow up: the budget does not reach this development; suggest a smaller home or another scheme.'
          : method === 'mortgage' ? 'Follow up: introduce a mortgage adviser to get an agreement in principle.'
            : s.band === '12_months' || s.band === 'later' ? 'Keep in touch: follow up nearer their move date.'
              : `Follow up: find out ${missingQuestion(s) || 'what would bring their move forward'}.`;
      break;
    default:
      step = s.rental ? 'Not a buyer: pass to lettings or reply with rental options.'
        : s.band === 'browsing' ? 'Send the brochure; follow up in a week.'
          : s.below_cheapest ? 'The budget does not reach this development: suggest another.'
            : 'Add to long-term nurture.';
  }
  return step + typo;
}

/** The factors that held the lead back, in words: what would move it up. */
export function heldBack(s: LeadSignals): string[] {
  const out: string[] = [];
  if (s.fake_reasons.length > 0) return s.fake_reasons.slice();
  if (s.readiness !== 'proceedable') out.push(`Payment: ${POSITION[s.payment === null ? 'unknown' : s.payment.method]}`);
  if (s.band !== '28_days' && s.band !== '3_months') out.push(`Timeline: ${WHEN[s.band]}`);
  if (s.below_cheapest) out.push(`Budget: ${budgetWords(s)}`);
  else if (s.budget === null) out.push('Budget: not known');
  if (s.rental) out.push('Looking to rent, not to buy');
  if (!s.reachable) out.push('No working email or phone');
  return out;
}
