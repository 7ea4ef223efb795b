/**
 * Searching leads by phone: stored numbers are free text ("+44 7700 900001", "07700 900001",
 * "(0044) 7700-900001"), so both sides are compared as digits, and the search is reduced to the
 * national significant number, which every one of those spellings contains.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

const PHONE_LIKE = /^[+\d\s().-]+$/;
/** Fewer digits than this match too many numbers by chance to be a phone search. */
const MIN_DIGITS = 4;

/** The digits to look for inside stored numbers' digits, or undefined when the text is not a phone search. */
export function phoneSearchDigits(search: string): string | undefined {
  const text = search.trim();
  if (!PHONE_LIKE.test(text)) return undefined;
  const digits = text.replace(/\D/g, '');
  if (digits.length < MIN_DIGITS) return undefined;
  const parsed = parsePhoneNumberFromString(text, 'GB');
  if (parsed?.isPossible()) return parsed.nationalNumber;
  // A fragment: drop an international prefix or a trunk 0, which other spellings lack.
  if (text.startsWith('+')) return digits;
  if (digits.startsWith('00')) return digits.slice(2);
  if (digits.startsWith('0')) return digits.slice(1);
  return digits;
}
