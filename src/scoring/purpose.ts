/** Purpose parser: why they are buying. */
import { norm, isPlaceholder } from './text.ts';
import { gated, wordStarts } from './gate.ts';

export const PURPOSES = ['primary_residence', 'investment', 'buy_to_let', 'second_home', 'unknown'] as const;
export type Purpose = (typeof PURPOSES)[number];

export interface ParsedPurpose {
  purpose: Purpose;
  /** a first-time buyer: no property to sell, so no chain */
  first_time_buyer: boolean;
}

const BTL_RE = /\bbuy[- ]?to[- ]?let\b|\bbtl\b|\brental\b|\bto let\b|\blet(ting)? (it )?out\b|\blandlord\b|\brent (it )?out\b|\bholiday let\b/;
const INVEST_RE = /\binvest(ment|ing|or)?\b|\bportfolio\b|\byield\b|\bcapital growth\b|\boff[- ]plan\b/;
const SECOND_RE = /\bsecond home\b|\bholiday home\b|\bweekend\b|\bpied[- ]?[aà][- ]?terre\b|\bcity (base|pad|crash pad)\b|\bfor (my|our) (child|children|son|daughter|kids)\b/;
const PRIMARY_RE =
  /\bprimary\b|\bmain (home|residence)\b|\bresidence\b|\bresidential\b|\bowner[- ]?occupi(er|ed)\b|\bto live\b|\blive in\b|\bliving\b|\bfamily home\b|\bhome\b|\bfirst[- ]time\b|\bftb\b|\bdownsiz(e|ing)\b|\bupsiz(e|ing)\b|\brelocat(e|ing|ion)\b|\bmoving\b|\bmyself\b|\bown use\b|\bpersonal\b/;
const FTB_RE = /\bfirst[- ]time\b|\bftb\b/;

// gated: a pattern runs only when the text has a word starting with one of its first letters
const BTL = gated(BTL_RE);
const INVEST = gated(INVEST_RE);
const SECOND = gated(SECOND_RE);
const PRIMARY = gated(PRIMARY_RE);
const FTB = gated(FTB_RE);

export function parsePurpose(raw: unknown): ParsedPurpose | null {
  return parsePurposeText(norm(raw));
}

/** parsePurpose for text already passed through `norm`. */
export function parsePurposeText(s: string): ParsedPurpose | null {
  if (isPlaceholder(s)) return null;
  const w = wordStarts(s);
  const ftb = FTB.test(s, w);
  // order matters: "holiday let" is a let, "holiday home" a second home, "home" a residence
  if (BTL.test(s, w)) return { purpose: 'buy_to_let', first_time_buyer: ftb };
  if (SECOND.test(s, w)) return { purpose: 'second_home', first_time_buyer: ftb };
  if (INVEST.test(s, w)) return { purpose: 'investment', first_time_buyer: ftb };
  if (PRIMARY.test(s, w)) return { purpose: 'primary_residence', first_time_buyer: ftb };
  return { purpose: 'unknown', first_time_buyer: ftb };
}
