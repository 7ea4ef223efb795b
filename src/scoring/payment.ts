/**
 * Payment method parser. UK terms: AIP = DIP = MIP (agreement / decision / mortgage in principle);
 * "cash from the sale of my flat" is not cash, it is a chain; Help to Buy (equity loan) is closed.
 */
import { norm, isPlaceholder } from './text.ts';

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

function make(method: PaymentMethod, chain: boolean, pending: boolean): ParsedPayment {
  return { method, chain, approval_pending: pending };
}

export function parsePayment(raw: unknown): ParsedPayment | null {
  return parsePaymentText(norm(raw));
}

/** parsePayment for text already passed through `norm`. */
export function parsePaymentText(s: string): ParsedPayment | null {
  if (isPlaceholder(s)) return null;
  // Schemes first: they decide the path whatever else the text says.
  if (SHARED_RE.test(s)) return make('shared_ownership', SALE_RE.test(s) && !SOLD_RE.test(s), false);
  if (HTB_RE.test(s)) return make('help_to_buy', SALE_RE.test(s) && !SOLD_RE.test(s), false);
  const sale = SALE_RE.test(s) && !SOLD_RE.test(s);
  if (PX_RE.test(s)) return make('part_exchange', false, false);
  const mortgage = MORTGAGE_RE.test(s) || APPROVED_RE.test(s);
  if (CASH_RE.test(s) && !mortgage) return sale ? make('cash_from_sale', true, false) : make('cash', false, false);
  if (mortgage) {
    const pending = PENDING_RE.test(s);
    if (APPROVED_RE.test(s) && !pending) return make('mortgage_approved', sale, false);
    return make('mortgage', sale, pending);
  }
  if (sale) return make('cash_from_sale', true, false);
  return make('unknown', false, false);
}
