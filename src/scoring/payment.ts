/**
 * Payment position: how the buyer will pay and whether a sale of their own stands in the way.
 * UK terms: AIP = DIP = MIP (agreement / decision / mortgage in principle); "cash from the sale of
 * my flat" is a chain, not cash, until that sale has exchanged or completed; "sold STC" is a sale
 * agreed; Help to Buy (equity loan) has closed; Lifetime ISA, First Homes, Deposit Unlock and a
 * Help to Buy ISA are first-time-buyer routes to a mortgage. Negation is read: "no mortgage
 * needed", "not cash", "nothing to sell", "not in a chain".
 */
import { eachPhrase, negatedBefore, phraseTable } from './phrases.ts';

/** Strongest first. */
export const PAYMENT_METHODS = [
  'cash',
  'mortgage_approved',
  'sold_stc',
  'part_exchange_agreed',
  'no_chain',
  'mortgage',
  'part_exchange',
  'shared_ownership',
  'help_to_buy',
  'on_market',
  'needs_to_sell',
  'unknown',
] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export interface ParsedPayment {
  method: PaymentMethod;
  /** the purchase depends on selling another property first (a chain) */
  chain: boolean;
  /** the text says the mortgage is NOT agreed in principle yet ("AIP pending", "not sorted") */
  approval_pending: boolean;
}

/** Able to proceed now (UK "proceedable"): cash, AIP, own sale agreed, part exchange agreed. */
export const PROCEEDABLE: ReadonlySet<PaymentMethod> = new Set(['cash', 'mortgage_approved', 'sold_stc', 'part_exchange_agreed']);

type Signal =
  | 'cash' | 'cash_from_sale' | 'aip' | 'pending' | 'mortgage' | 'scheme' | 'sold' | 'sale_done' | 'sell'
  | 'on_market' | 'no_chain' | 'px' | 'px_agreed' | 'shared' | 'htb';

const PHRASES = phraseTable<Signal>([
  ...words('cash', ['cash', 'cash buyer', 'cash buyers', 'cash purchase', 'cash purchaser', 'mortgage free', 'no mortgage needed',
    'no mortgage required', 'no mortgage', 'without a mortgage', "don't need a mortgage", 'dont need a mortgage',
    'do not need a mortgage', 'own funds', 'proof of funds', 'funds are ready', 'funds ready', 'funds in place',
    'funds available', 'outright', 'mortgage not needed', 'mortgage not required']),
  ...words('cash_from_sale', ['cash from sale', 'cash from the sale', 'cash from selling', 'cash after sale', 'cash once we sell',
    'cash once i sell', 'proceeds', 'equity from']),
  ...words('aip', ['aip', 'dip', 'mip', 'agreement in principle', 'agreement in principal', 'decision in principle',
    'decision in principal', 'mortgage in principle', 'mortgage in principal', 'approved in principle', 'agreed in principle',
    'in principle', 'in principal', 'mortgage approved', 'morgage approved', 'mortage approved', 'mortgage approval',
    'mortgage agreed', 'morgage agreed', 'mortgage offer', 'pre approved', 'preapproved', 'approved', 'mortgage ready']),
  ...words('pending', ['aip pending', 'dip pending', 'arranging the aip', 'arranging an aip', 'arranging aip', 'arranging the dip',
    'arranging a dip', 'applying for', 'applying', 'not sorted', 'not yet sorted', 'not yet approved', 'not approved',
    'awaiting', 'in progress', 'speaking to a broker', 'speaking to broker', 'talking to a broker', 'getting an aip',
    'getting a dip', 'need an aip', 'need a mortgage', 'need mortgage', 'will need a mortgage', 'will need mortgage',
    'not got an aip', 'no aip', 'no dip', 'yet to apply', 'tbc']),
  ...words('mortgage', ['mortgage', 'mortgages', 'morgage', 'mortage', 'mortgauge', 'btl mortgage', 'remortgage',
    'remortgaging', 're mortgage', 'lender', 'broker', 'finance', 'financed', 'bank loan', 'loan']),
  ...words('scheme', ['lifetime isa', 'lisa', 'help to buy isa', 'htb isa', 'first homes', 'first homes scheme',
    'deposit unlock', 'mortgage guarantee scheme', '95% mortgage']),
  ...words('sold', ['sold stc', 'sold subject to contract', 'sale agreed', 'under offer', 'sold subject', 'have sold',
    'house is sold', 'home is sold', 'flat is sold', 'property is sold', 'already sold', 'buyer found', 'found a buyer']),
  ...words('sale_done', ['exchanged', 'has exchanged', 'sale completed', 'sale has completed', 'sale completes',
    'completing on my', 'completing on our', 'completing next month', 'completed on', 'completion next month']),
  ...words('sell', ['need to sell', 'needs to sell', 'have to sell', 'must sell', 'sell first', 'selling first',
    'once we sell', 'once i sell', 'when we sell', 'after we sell', 'subject to sale', 'dependent on sale',
    'depends on selling', 'property to sell', 'house to sell', 'home to sell', 'flat to sell', 'selling my',
    'selling our', 'selling', 'sell', 'chain', 'in a chain', 'to sell']),
  ...words('on_market', ['on the market', 'on market', 'house is listed', 'listed for sale', 'up for sale']),
  ...words('no_chain', ['no chain', 'chain free', 'chainfree', 'not in a chain', 'nothing to sell', 'no property to sell',
    'not selling', 'first time buyer', 'first time buyers', 'ftb', 'renting', 'we rent', 'i rent', 'rent at the moment',
    'currently rent', 'living with parents', 'live with parents', 'no house to sell', "don't need to sell",
    'dont need to sell']),
  ...words('px', ['part exchange', 'partexchange', 'part ex', 'px', 'p x']),
  ...words('px_agreed', ['part exchange agreed', 'part exchange accepted', 'px agreed', 'part exchange offer accepted']),
  ...words('shared', ['shared ownership', 'shared owner', 'part buy part rent']),
  ...words('htb', ['help to buy', 'equity loan', 'htb']),
]);

function words(id: Signal, list: readonly string[]): [string, Signal][] {
  return list.map((p) => [p, id]);
}

/** Scratch flags of one reading (module-level: reading allocates nothing but its answer). */
let cash = false, notCash = false, fromSale = false, aip = false, pending = false, mortgage = false, scheme = false;
let sold = false, saleDone = false, sell = false, onMarket = false, notOnMarket = false, noChain = false;
let px = false, pxAgreed = false, shared = false, htb = false, any = false;

function see(id: Signal, start: number, _end: number, text: string): void {
  const neg = negatedBefore(text, start);
  any = true;
  switch (id) {
    case 'cash': if (neg) notCash = true; else cash = true; break;
    case 'cash_from_sale': fromSale = true; break;
    case 'aip': if (neg) pending = true; else aip = true; break;
    case 'pending': pending = true; mortgage = true; break;
    case 'mortgage': if (!neg) mortgage = true; break;
    case 'scheme': scheme = true; break;
    case 'sold': if (!neg) sold = true; break;
    case 'sale_done': if (!neg) saleDone = true; break;
    case 'sell': if (neg) noChain = true; else sell = true; break;
    case 'on_market': if (neg) notOnMarket = true; else onMarket = true; break;
    case 'no_chain': if (!neg) noChain = true; break;
    case 'px': if (!neg) px = true; break;
    case 'px_agreed': pxAgreed = true; break;
    case 'shared': if (!neg) shared = true; break;
    case 'htb': if (!neg) htb = true; break;
  }
}

function make(method: PaymentMethod, chain: boolean, approvalPending: boolean): ParsedPayment {
  return { method, chain, approval_pending: approvalPending };
}

/** Reads text already passed through `norm`; null when there is nothing to read. */
export function parsePaymentText(s: string): ParsedPayment | null {
  if (s.length === 0) return null;
  cash = notCash = fromSale = aip = pending = mortgage = scheme = false;
  sold = saleDone = sell = onMarket = notOnMarket = noChain = false;
  px = pxAgreed = shared = htb = any = false;
  const text = s;
  eachPhrase(PHRASES, text, see);
  if (!any) return make('unknown', false, false);
  // a sale still to happen ("need to sell", "cash from the sale", "not yet on the market")
  const chain = !sold && !saleDone && (sell || fromSale || onMarket || notOnMarket);
  const approved = aip && !pending;
  const mortgageRoute = mortgage || scheme || notCash || pending || aip;
  if (shared) return make('shared_ownership', chain, false);
  if (htb && !scheme) return make('help_to_buy', chain, false);
  if (pxAgreed) return make('part_exchange_agreed', false, false);
  if (chain) {
    if (px) return make('part_exchange', true, false);
    return make(onMarket ? 'on_market' : 'needs_to_sell', true, mortgageRoute && !approved);
  }
  if (cash && !notCash && !(mortgageRoute && !approved && mortgage)) return make(sold ? 'sold_stc' : 'cash', false, false);
  if (approved) return make('mortgage_approved', false, false);
  if (sold) return make('sold_stc', false, false);
  if (px) return make('part_exchange', false, false);
  if (mortgageRoute) return make('mortgage', false, pending || notCash);
  if (saleDone) return make('cash', false, false);
  if (noChain) return make('no_chain', false, false);
  return make('unknown', false, false);
}
