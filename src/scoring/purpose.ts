/** Purpose parser: why they are buying. */
import { norm, isPlaceholder } from './text.ts';

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

export function parsePurpose(raw: unknown): ParsedPurpose | null {
  return parsePurposeText(norm(raw));
}

/** parsePurpose for text already passed through `norm`. */
export function parsePurposeText(s: string): ParsedPurpose | null {
  if (isPlaceholder(s)) return null;
  const ftb = FTB_RE.test(s);
  // order matters: "holiday let" is a let, "holiday home" a second home, "home" a residence
  if (BTL_RE.test(s)) return { purpose: 'buy_to_let', first_time_buyer: ftb };
  if (SECOND_RE.test(s)) return { purpose: 'second_home', first_time_buyer: ftb };
  if (INVEST_RE.test(s)) return { purpose: 'investment', first_time_buyer: ftb };
  if (PRIMARY_RE.test(s)) return { purpose: 'primary_residence', first_time_buyer: ftb };
  return { purpose: 'unknown', first_time_buyer: ftb };
}
