/**
 * Phone validation with libphonenumber-js `/max` metadata (real numbering-plan validation),
 * UK as the default region, plus Ofcom's drama ranges and made-up digit patterns.
 *
 * Speed: `parsePhoneNumberFromString` costs ~15–20 µs, more than the rest of scoring together.
 * UK numbers written plainly ("+44 7911 123456", "07911 123456", "0044 …") are therefore checked
 * first against the same metadata's own patterns, compiled once at load (fast path). The fast path
 * can only say "valid"; anything else goes through the full library, so it never calls a
 * number impossible that the library would accept.
 */
import { Metadata, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { isPlaceholderText } from './text.ts';
import { cleanText } from '../text/normalise.ts';
import { readInternational } from './phone-intl.ts';

export const PHONE_STATUSES = ['valid', 'drama', 'made_up', 'invalid'] as const;
export type PhoneStatus = (typeof PHONE_STATUSES)[number];

export interface PhoneCheck {
  status: PhoneStatus;
  /** E.164 when the number could be read */
  e164: string | null;
  /** region (GB, GG, IM, JE, US …) when valid */
  country: string | null;
  /** libphonenumber type: MOBILE, FIXED_LINE, VOIP … */
  type: string | null;
}

/**
 * Ofcom numbers reserved for TV, radio and film: never allocated to a subscriber. Each entry is the
 * first 7 digits of the UK national number (no leading 0) of a 10-digit number, e.g. 07700 900xxx.
 */
export const DRAMA_PREFIXES: ReadonlySet<string> = new Set([
  '7700900', // 07700 900000–900999 mobile
  '1632960', // 01632 960xxx
  '2079460', // 020 7946 0xxx London
  '1134960', '1144960', '1154960', '1164960', '1174960', '1184960', // 0113–0118 496 0xxx
  '1214960', '1314960', '1414960', '1514960', '1614960', // 0121/0131/0141/0151/0161 496 0xxx
  '2896496', // 028 9649 6xxx Belfast
  '2920180', // 029 2018 0xxx Cardiff
  '1914980', // 01914 980xxx Tyneside
  '8081570', // 0808 157 0xxx freephone
  '9098790', // 0909 879 0xxx premium
  '3069990', // 03069 990xxx non-geographic
]);

export function isDramaNumber(ukNational: string): boolean {
  return ukNational.length === 10 && DRAMA_PREFIXES.has(ukNational.slice(0, 7));
}

/** ≤ 2 distinct digits ("07777 777777") or a run of 8+ ascending/descending digits ("0123456789"). */
export function isMadeUpDigits(national: string): boolean {
  if (national.length < 7) return false;
  let d1 = -1, d2 = -1, distinct = 0, up = 1, down = 1, bestRun = 1;
  for (let i = 0; i < national.length; i++) {
    const c = national.charCodeAt(i) - 48;
    if (c !== d1 && c !== d2) { distinct++; if (d1 < 0) d1 = c; else if (d2 < 0) d2 = c; }
    if (i > 0) {
      const p = national.charCodeAt(i - 1) - 48;
      up = c === p + 1 ? up + 1 : 1;
      down = c === p - 1 ? down + 1 : 1;
      if (up > bestRun) bestRun = up;
      if (down > bestRun) bestRun = down;
    }
  }
  return distinct <= 2 || bestRun >= 8;
}

// ---- fast path: compile the +44 numbering plans (GB, GG, IM, JE) from the /max metadata ----

interface TypeDef { pattern(): string; possibleLengths(): number[] | undefined }
interface PlanLike { nationalNumberPattern(): string; type(t: string): TypeDef | undefined }
interface CompiledType { re: RegExp; lengths: ReadonlySet<number> | null; name: string; pattern: string }
interface CompiledPlan {
  country: string;
  general: RegExp;
  types: CompiledType[];
  /**
   * For each length the fast path handles, every type allowed at that length in one alternation:
   * one test tells whether any type of the plan matches (most numbers match no type of most plans).
   */
  anyType: ReadonlyMap<number, RegExp>;
}

/** National number lengths the UK fast path judges (shorter or longer go to the library). */
const FAST_UK_MIN = 7;
const FAST_UK_MAX = 10;

// most UK leads give a mobile: test it first (GB fixed-line and mobile patterns do not overlap)
const TYPE_NAMES = ['MOBILE', 'FIXED_LINE', 'TOLL_FREE', 'PREMIUM_RATE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'];

function compilePlans(): CompiledPlan[] {
  const out: CompiledPlan[] = [];
  for (const country of ['GB', 'GG', 'IM', 'JE'] as const) {
    const md = new Metadata();
    md.selectNumberingPlan(country);
    const plan = (md as unknown as { numberingPlan: PlanLike }).numberingPlan;
    const types: CompiledType[] = [];
    for (const name of TYPE_NAMES) {
      const t = plan.type(name);
      const p = t?.pattern();
      if (!t || !p) continue;
      const l = t.possibleLengths();
      types.push({ re: new RegExp(`^(?:${p})$`), lengths: l ? new Set(l) : null, name, pattern: p });
    }
    const anyType = new Map<number, RegExp>();
    for (let len = FAST_UK_MIN; len <= FAST_UK_MAX; len++) {
      const eligible = types.filter((t) => t.lengths === null || t.lengths.has(len));
      if (eligible.length > 0) anyType.set(len, new RegExp(`^(?:${eligible.map((t) => `(?:${t.pattern})`).join('|')})$`));
    }
    out.push({ country, general: new RegExp(`^(?:${plan.nationalNumberPattern()})$`), types, anyType });
  }
  return out;
}

const UK_PLANS: readonly CompiledPlan[] = compilePlans();

/**
 * Strip formatting characters; null when anything but digits, a leading +, spaces or -.() remains.
 * Kept characters are copied as whole runs ("+44", "7911", "123456"), not one at a time.
 */
function compact(raw: string): string | null {
  let out = '';
  let kept = 0;
  let runStart = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c === 43 && kept === 0)) { kept++; continue; }
    if (c !== 32 && c !== 45 && c !== 46 && c !== 40 && c !== 41 && c !== 160) return null;
    if (i > runStart) out += raw.slice(runStart, i);
    runStart = i + 1;
  }
  return runStart === 0 ? raw : runStart < raw.length ? out + raw.slice(runStart) : out;
}

/**
 * UK national significant number of a plainly written +44/0044/0 number, else null.
 * `international` is true for the +44/0044 forms, where no national prefix can be involved.
 */
let international = false;
function ukNational(digits: string): string | null {
  let nn: string;
  international = true;
  if (digits.startsWith('+44')) nn = digits.slice(3);
  else if (digits.startsWith('0044')) nn = digits.slice(4);
  else if (digits.charCodeAt(0) === 48 && digits.charCodeAt(1) !== 48) { nn = digits.slice(1); international = false; }
  else return null;
  if (nn.length === 0 || nn.charCodeAt(0) === 48) return null; // "+44 (0)20 …": leave to the library
  if (nn.startsWith('180020')) return null; // text-relay prefix: the library knows how to strip it
  return nn.length <= 17 ? nn : null;
}

function fastUkType(nn: string): [string, string] | null {
  for (let p = 0; p < UK_PLANS.length; p++) {
    const plan = UK_PLANS[p]!;
    const any = plan.anyType.get(nn.length);
    if (any === undefined || !any.test(nn)) continue; // no type of this plan matches
    const types = plan.types;
    for (let i = 0; i < types.length; i++) {
      const t = types[i]!;
      if (t.lengths !== null && !t.lengths.has(nn.length)) continue;
      // a type match must also match the plan's general pattern, as libphonenumber requires
      if (t.re.test(nn)) return plan.general.test(nn) ? [plan.country, t.name] : null;
    }
  }
  return null;
}

function check(status: PhoneStatus, e164: string | null, country: string | null, type: string | null): PhoneCheck {
  return { status, e164, country, type };
}

/** null when no phone was given. */
export function checkPhone(raw: unknown): PhoneCheck | null {
  if (typeof raw !== 'string') return null;
  // no phone number is this long: refused before any parsing, so a pasted essay costs nothing
  if (raw.length > 100) return check('invalid', null, null, null);
  const s = cleanText(raw).trim();
  if (isPlaceholderText(s)) return null;
  const digits = compact(s);
  const nn = digits === null ? null : ukNational(digits);
  if (nn !== null) {
    if (isDramaNumber(nn)) return check('drama', '+44' + nn, 'GB', null);
    if (isMadeUpDigits(nn)) return check('made_up', '+44' + nn, null, null);
    const hit = nn.length >= FAST_UK_MIN && nn.length <= FAST_UK_MAX ? fastUkType(nn) : null;
    if (hit !== null) return check('valid', '+44' + nn, hit[0], hit[1]);
    // +44 written internationally: no national prefix to strip, so no type match is the library's
    // answer too (the property test in checks.test.ts holds us to that)
    if (international) return check('invalid', '+44' + nn, null, null);
  }
  // other countries written "+<code> …": replay the library on precompiled metadata when we can
  if (digits !== null && s.charCodeAt(0) === 43 && s.length <= MAX_FAST_INPUT) {
    const intl = readInternational(digits);
    if (intl !== null) {
      const e164 = '+' + intl.callingCode + intl.national;
      if (isMadeUpDigits(intl.national)) return check('made_up', e164, null, null);
      if (!intl.valid) return check('invalid', e164, null, null);
      return check('valid', e164, intl.country, intl.type ?? null);
    }
  }
  return checkWithLibrary(s);
}

/** Inputs longer than this go to the library, which has its own length limit (250). */
const MAX_FAST_INPUT = 64;

/** The reference answer: libphonenumber's full parser (exported for the fast-path tests). */
export function checkWithLibrary(s: string): PhoneCheck {
  const p = parsePhoneNumberFromString(s, 'GB');
  if (p === undefined) return check('invalid', null, null, null);
  const national = String(p.nationalNumber);
  if (p.countryCallingCode === '44' && isDramaNumber(national)) return check('drama', p.number, 'GB', null);
  if (isMadeUpDigits(national)) return check('made_up', p.number, null, null);
  if (!p.isValid()) return check('invalid', p.number, null, null);
  return check('valid', p.number, p.country ?? null, p.getType() ?? null);
}
