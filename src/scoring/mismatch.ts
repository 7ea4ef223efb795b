/**
 * Name–email mismatch ("data mismatch"). Deliberately conservative, because couples and families
 * share inboxes: it fires only when the email's local part is clearly a first.last (or first_last,
 * first-last) name and NEITHER part matches any word of the lead's name, not even as an initial or
 * a shortened form. "sarah.jones@…" for "John Smith" is a mismatch; "sarah.smith@…" (same surname),
 * "jsmith@…", "johnandsarah@…", "smithfamily@…" and "info@…" are not.
 */
import { stripTag } from './email.ts';
import { isLetters } from './text.ts';

export interface MismatchCheck {
  /** strong: disqualifies */
  mismatch: boolean;
  /** the local part reads as someone else's single name ("sarah84@…" for John Smith): soft signal */
  weak: boolean;
}

/** `s` without its trailing digits (s.replace(/\d+$/, '')) */
function withoutDigitTail(s: string): string {
  let end = s.length;
  while (end > 0) {
    const c = s.charCodeAt(end - 1);
    if (c < 48 || c > 57) break;
    end--;
  }
  return end === s.length ? s : s.slice(0, end);
}
/** Local-part words that are roles or households, not people. */
const NOT_NAMES: ReadonlySet<string> = new Set([
  'info', 'sales', 'admin', 'contact', 'hello', 'hi', 'office', 'mail', 'email', 'enquiries', 'enquiry',
  'home', 'family', 'the', 'and', 'team', 'accounts', 'property', 'properties', 'homes', 'house', 'lettings',
  'invest', 'investments', 'mr', 'mrs', 'ms', 'dr', 'uk', 'ltd', 'group', 'my', 'me', 'its', 'official',
]);

const NO_MISMATCH: MismatchCheck = Object.freeze({ mismatch: false, weak: false }) as MismatchCheck;

/** does an email word plausibly refer to this name word? (equal, initial, prefix either way ≥ 3) */
function related(e: string, n: string): boolean {
  if (e === n) return true;
  if (e.length === 1 || n.length === 1) return e.charCodeAt(0) === n.charCodeAt(0);
  if (e.length >= 3 && n.startsWith(e)) return true; // "chris" for "christopher"
  if (n.length >= 3 && e.startsWith(n)) return true; // "johnny" for "john"
  return e.includes(n) || (n.length >= 4 && n.includes(e) && e.length >= 4);
}

function relatedToAny(e: string, nameTokens: readonly string[]): boolean {
  for (const n of nameTokens) if (related(e, n)) return true;
  return false;
}

/** "josé" → "jose": an email address cannot hold the accent its owner's name has. */
function fold(t: string): string {
  for (let i = 0; i < t.length; i++) {
    if (t.charCodeAt(i) > 127) return t.normalize('NFD').replace(COMBINING_RE, '');
  }
  return t;
}
const COMBINING_RE = /[\u0300-\u036f]/g;

export function checkMismatch(rawTokens: readonly string[], emailLocal: string): MismatchCheck {
  if (rawTokens.length < 2 || emailLocal.length === 0) return NO_MISMATCH;
  const nameTokens = rawTokens.map(fold);
  const local = withoutDigitTail(stripTag(emailLocal));
  // the local part split on . _ - : we only need how many separators there are and where the first is
  let seps = 0;
  let at = -1;
  for (let i = 0; i < local.length; i++) {
    const c = local.charCodeAt(i);
    if (c === 46 || c === 95 || c === 45) { seps++; if (at < 0) at = i; }
  }
  if (seps === 1) {
    const a = local.slice(0, at), b = local.slice(at + 1);
    if (a.length < 2 || b.length < 2 || !isLetters(a) || !isLetters(b)) return NO_MISMATCH;
    if (NOT_NAMES.has(a) || NOT_NAMES.has(b)) return NO_MISMATCH;
    if (relatedToAny(a, nameTokens) || relatedToAny(b, nameTokens)) return NO_MISMATCH;
    return { mismatch: true, weak: false };
  }
  if (seps === 0 && local.length >= 3 && isLetters(local) && !NOT_NAMES.has(local)) {
    // a single word: compare against whole name too ("johnsmith" contains "john")
    for (const n of nameTokens) if (n.length >= 2 && (local.includes(n) || related(local, n))) return NO_MISMATCH;
    return { mismatch: false, weak: true };
  }
  return NO_MISMATCH;
}
