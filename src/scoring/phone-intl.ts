/**
 * Fast path for numbers written internationally ("+1 415 555 0100", "+33 6 12 34 56 78").
 *
 * `parsePhoneNumberFromString` costs ~15 µs for such a number, mostly because libphonenumber
 * rebuilds a RegExp from the metadata's pattern text on every match (and, for shared calling codes
 * such as +1, tries each of 25 countries). Here the same `/max` metadata is compiled once at load
 * and the library's own steps are replayed in the same order:
 *
 *   calling code (first 1–3 digits that are a known code) → national prefix for parsing (if it could
 *   apply, we give up) → country (single country, or the first whose leading digits / number type
 *   match) → number type (general pattern, FIXED_LINE, then the other types in the library's order).
 *
 * Whenever a step could go a way we do not replay (non-geographic codes, a national prefix to strip,
 * no country found, unusual lengths), `readInternational` returns null and the caller asks the
 * library. The property test in checks.test.ts compares both paths on numbers for every calling code.
 */
import { Metadata } from 'libphonenumber-js/max';

interface TypeDef { pattern(): string; possibleLengths(): number[] | undefined }
interface PlanLike {
  nationalNumberPattern(): string;
  nationalPrefixForParsing(): string | undefined;
  leadingDigits(): string | undefined;
  hasTypes(): boolean;
  type(t: string): TypeDef | undefined;
}

/** A number type's pattern; null when the metadata has the type with an empty pattern. */
interface CompiledType { re: RegExp | null; lengths: readonly number[] | undefined }

export interface CountryPlan {
  country: string;
  /** used with `search() === 0`, exactly as the library does (not anchored) */
  leadingDigits: RegExp | null;
  general: RegExp;
  hasTypes: boolean;
  fixedLine: CompiledType | undefined;
  mobile: CompiledType | undefined;
  /** the non-fixed-line types in the library's order, with their names */
  others: ReadonlyArray<readonly [string, CompiledType]>;
}

interface CallingPlan {
  /** `^(?:national prefix for parsing)` of the calling code's main country */
  prefixForParsing: RegExp | null;
  countries: CountryPlan[];
}

// getNumberType's order after FIXED_LINE (libphonenumber-js helpers/getNumberType.js)
const NON_FIXED_LINE_TYPES = ['MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'];

/** Shortest and longest national numbers the library parses (constants.js MIN/MAX_LENGTH_FOR_NSN). */
const MIN_NSN = 2;
const MAX_NSN = 17;

function compileType(t: TypeDef | undefined): CompiledType | undefined {
  if (t === undefined) return undefined;
  const p = t.pattern();
  return { re: p ? new RegExp(`^(?:${p})$`) : null, lengths: t.possibleLengths() };
}

function compileCountry(md: Metadata, country: string): CountryPlan {
  md.selectNumberingPlan(country as Parameters<Metadata['selectNumberingPlan']>[0]);
  const plan = (md as unknown as { numberingPlan: PlanLike }).numberingPlan;
  const ld = plan.leadingDigits();
  const others: (readonly [string, CompiledType])[] = [];
  for (const name of NON_FIXED_LINE_TYPES) {
    const t = compileType(plan.type(name));
    if (t !== undefined) others.push([name, t]);
  }
  return {
    country,
    leadingDigits: ld ? new RegExp(ld) : null,
    general: new RegExp(`^(?:${plan.nationalNumberPattern()})$`),
    hasTypes: plan.hasTypes(),
    fixedLine: compileType(plan.type('FIXED_LINE')),
    mobile: compileType(plan.type('MOBILE')),
    others,
  };
}

/** Calling codes we replay; +44 is left to the UK fast path and the library. */
function compileCallingPlans(): { plans: Map<string, CallingPlan>; known: Set<string> } {
  const md = new Metadata();
  const json = (md as unknown as { metadata: { country_calling_codes: Record<string, string[]>; nonGeographic?: Record<string, unknown> } }).metadata;
  const plans = new Map<string, CallingPlan>();
  const known = new Set<string>(Object.keys(json.country_calling_codes));
  for (const cc of Object.keys(json.nonGeographic ?? {})) known.add(cc);
  for (const [cc, countries] of Object.entries(json.country_calling_codes)) {
    if (cc === '44' || countries.includes('001')) continue;
    const compiled = countries.map((c) => compileCountry(md, c));
    // extractNationalNumber runs with the calling code's main (first) country selected
    md.selectNumberingPlan(countries[0] as Parameters<Metadata['selectNumberingPlan']>[0]);
    const npfp = (md as unknown as { numberingPlan: PlanLike }).numberingPlan.nationalPrefixForParsing();
    plans.set(cc, { prefixForParsing: npfp ? new RegExp(`^(?:${npfp})`) : null, countries: compiled });
  }
  return { plans, known };
}

const { plans: CALLING_PLANS, known: KNOWN_CALLING_CODES } = compileCallingPlans();

function isType(t: CompiledType | undefined, nn: string): boolean {
  if (t === undefined || t.re === null) return false;
  if (t.lengths !== undefined && !t.lengths.includes(nn.length)) return false;
  return t.re.test(nn);
}

/** libphonenumber's getNumberType for one country's plan. */
export function numberType(p: CountryPlan, nn: string): string | undefined {
  if (!p.general.test(nn)) return undefined;
  if (isType(p.fixedLine, nn)) {
    if (p.mobile === undefined || p.mobile.re === null || isType(p.mobile, nn)) return 'FIXED_LINE_OR_MOBILE';
    return 'FIXED_LINE';
  }
  for (let i = 0; i < p.others.length; i++) {
    const [name, t] = p.others[i]!;
    if (isType(t, nn)) return name;
  }
  return undefined;
}

export interface IntlNumber {
  callingCode: string;
  national: string;
  country: string;
  /** libphonenumber's getType() */
  type: string | undefined;
  /** libphonenumber's isValid() */
  valid: boolean;
}

/** The number type is computed once and reused for validity (the library computes it three times). */
function intl(callingCode: string, national: string, p: CountryPlan, type: string | undefined): IntlNumber {
  return { callingCode, national, country: p.country, type, valid: p.hasTypes ? type !== undefined : p.general.test(national) };
}

/**
 * `digits` is "+" followed by digits only. The calling code, national number and country the
 * library would read, or null when the library must decide.
 */
export function readInternational(digits: string): IntlNumber | null {
  if (digits.charCodeAt(0) !== 43 || digits.charCodeAt(1) === 48) return null;
  let callingCode = '';
  for (let i = 2; i <= 4 && i <= digits.length; i++) {
    const cc = digits.slice(1, i);
    if (KNOWN_CALLING_CODES.has(cc)) { callingCode = cc; break; }
  }
  const cp = callingCode === '' ? undefined : CALLING_PLANS.get(callingCode);
  if (cp === undefined) return null;
  const national = digits.slice(1 + callingCode.length);
  if (national.length < MIN_NSN || national.length > MAX_NSN) return null;
  if (cp.prefixForParsing !== null && cp.prefixForParsing.test(national)) return null;
  const countries = cp.countries;
  if (countries.length === 1) return intl(callingCode, national, countries[0]!, numberType(countries[0]!, national));
  for (let i = 0; i < countries.length; i++) {
    const p = countries[i]!;
    if (p.leadingDigits !== null) {
      if (national.search(p.leadingDigits) === 0) return intl(callingCode, national, p, numberType(p, national));
    } else {
      const type = numberType(p, national);
      if (type !== undefined) return intl(callingCode, national, p, type);
    }
  }
  return null;
}
