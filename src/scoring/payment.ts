/**
 * Payment method parser. UK terms: AIP = DIP = MIP (agreement / decision / mortgage in principle);
 * "cash from the sale of my flat" is not cash, it is a chain; Help to Buy (equity loan) is closed.
 */
import { norm, isPlaceholder } from './text.ts';
import { gated, wordStarts } from './gate.ts';

export const PAYMENT_METHODS = [
  'cash',
  'mortgage_approved',
  'mortgage',
  'part_exchange',
  'cash_from_sale',
  'shared_ownership',
  'help_to_buy',
  'unknown',
] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export interface ParsedPayment {
  method: PaymentMethod;
  /** the purchase depends on selling another property first (a chain) */
  chain: boolean;
  /** the text says the mortgage is NOT approved yet ("AIP pending", "not yet approved") */
  approval_pending: boolean;
}

const SHARED_RE = /\bshared[- ]?ownership\b|\bshared owner\b|\bpart[- ]?(buy|rent)\b/;
const HTB_RE = /\bhelp[- ]?to[- ]?buy\b|\bhtb\b|\bequity loan\b/;
const PX_RE = /\bpart[- ]?ex(change)?\b|\bp\/?x\b/;
const CASH_RE = /\bcash\b|\bno mortgage\b|\bmortgage[- ]free\b|\bown funds\b|\bsavings\b|\bproof of funds\b|\binheritance\b/;
const SALE_RE =
  /\bsale\b|\bselling\b|\bsell\b|\bsold\b|\bproceeds\b|\bchain\b|\bonce .*\bsells?\b|\bsubject to\b|\bstc\b|\bunder offer\b|\bequity (from|in|release)\b|\bcurrent (home|house|property|flat)\b/;
const SOLD_RE = /\b(already sold|sold stc|sale agreed|sold subject to contract|chain[- ]free|no chain|not in a chain|first[- ]time buyer|ftb)\b/;
const MORTGAGE_RE = /\bmortgage\b|\bmortgaged\b|\bloan\b|\bfinance\b|\bfinanced\b|\bremortgage\b|\blender\b|\bbroker\b|\bbtl mortgage\b/;
const APPROVED_RE =
  /\b(aip|dip|mip|agreement in principle|decision in principle|mortgage in principle|approved in principle|in principle|pre[- ]?approved|approved|approval|mortgage offer|offer in place|offer received|accepted)\b/;
const PENDING_RE =
  /\b(not (yet )?(been )?(approved|in place|got|arranged|applied|sorted)|no (aip|dip|mip|approval|agreement|decision|offer)|without (an? )?(aip|dip|mip|approval)|(aip|dip|mip|approval|application) (pending|in progress|applied for|awaited|to follow)|pending|applying|awaiting|need(s)? (an? )?(aip|dip|mip|approval|mortgage)|yet to (apply|get|be approved)|will apply|tbc)\b/;

// gated: a pattern runs only when the text has a word starting with one of its first letters
const SHARED = gated(SHARED_RE);
const HTB = gated(HTB_RE);
const PX = gated(PX_RE);
const CASH = gated(CASH_RE);
const SALE = gated(SALE_RE);
const SOLD = gated(SOLD_RE);
const MORTGAGE = gated(MORTGAGE_RE);
const APPROVED = gated(APPROVED_RE);
const PENDING = gated(PENDING_RE);

function make(method: PaymentMethod, chain: boolean, pending: boolean): ParsedPayment {
  return { method, chain, approval_pending: pending };
}

export function parsePayment(raw: unknown): ParsedPayment | null {
  return parsePaymentText(norm(raw));
}

/** parsePayment for text already passed through `norm`. */
export function parsePaymentText(s: string): ParsedPayment | null {
  if (isPlaceholder(s)) return null;
  const w = wordStarts(s);
  // a chain: selling first, unless the text says the sale is done or there is none
  const sale = SALE.test(s, w) && !SOLD.test(s, w);
  // Schemes first: they decide the path whatever else the text says.
  if (SHARED.test(s, w)) return make('shared_ownership', sale, false);
  if (HTB.test(s, w)) return make('help_to_buy', sale, false);
  if (PX.test(s, w)) return make('part_exchange', false, false);
  const approved = APPROVED.test(s, w);
  const mortgage = MORTGAGE.test(s, w) || approved;
  if (CASH.test(s, w) && !mortgage) return sale ? make('cash_from_sale', true, false) : make('cash', false, false);
  if (mortgage) {
    const pending = PENDING.test(s, w);
    if (approved && !pending) return make('mortgage_approved', sale, false);
    return make('mortgage', sale, pending);
  }
  if (sale) return make('cash_from_sale', true, false);
  return make('unknown', false, false);
}
