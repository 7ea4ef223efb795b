/**
 * Email checks: syntax, disposable domains (the `mailchecker` list, loaded once into a Set),
 * privacy relays (a soft signal only: mailchecker lists duck.com, but a relay hides a real inbox)
 * and junk local parts ("test@…", "asdf@…").
 */
import mailchecker from 'mailchecker';
import { STRONG_TEST_WORDS, isLetters, looksMashed } from './text.ts';
import { cleanText } from '../text/normalise.ts';

export const EMAIL_STATUSES = ['valid', 'typo', 'relay', 'disposable', 'junk', 'invalid'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

export interface EmailCheck {
  status: EmailStatus;
  local: string;
  domain: string;
  /** for a typo of a big webmail domain ("gmial.com"), the domain meant ("gmail.com") */
  suggestion: string | null;
}

/** Webmail domains most UK buyers use: a domain one slip away from one of these is a typo. */
const WEBMAIL: readonly string[] = [
  'gmail.com', 'googlemail.com', 'hotmail.com', 'hotmail.co.uk', 'outlook.com', 'yahoo.com', 'yahoo.co.uk', 'icloud.com',
  'live.co.uk', 'btinternet.com', 'aol.com', 'sky.com', 'virginmedia.com', 'talktalk.net', 'protonmail.com', 'me.com',
];
/** Real domains one slip away from a webmail domain: never typos. */
const REAL_NEIGHBOURS: ReadonlySet<string> = new Set([
  'mail.com', 'gmx.com', 'ymail.com', 'me.com', 'mac.com', 'live.com', 'msn.com', 'sky.com', 'aol.co.uk', 'yahoo.fr', 'yahoo.es',
  'yahoo.de', 'yahoo.it', 'yahoo.ca', 'yahoo.in', 'hotmail.fr', 'hotmail.es', 'hotmail.de', 'hotmail.it', 'outlook.fr', 'gmail.de',
  'live.com.au', 'live.ie', 'live.fr', 'icloud.co', 'web.de', 'wp.pl', 'qq.com', '163.com', '126.com', 'mail.ru',
]);
const WEBMAIL_SET: ReadonlySet<string> = new Set(WEBMAIL);

/**
 * True when `a` becomes `b` by one insertion, deletion, substitution or swap of neighbours
 * (Damerau distance 1). Linear in the lengths, which are short domain names.
 */
export function oneSlipApart(a: string, b: string): boolean {
  const la = a.length, lb = b.length;
  if (a === b || la - lb > 1 || lb - la > 1) return false;
  let i = 0;
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (la === lb) {
    if (sameFrom(a, i + 1, b, i + 1)) return true; // substitution
    return i + 1 < la && a.charCodeAt(i) === b.charCodeAt(i + 1) && a.charCodeAt(i + 1) === b.charCodeAt(i) && sameFrom(a, i + 2, b, i + 2);
  }
  return la > lb ? sameFrom(a, i + 1, b, i) : sameFrom(a, i, b, i + 1);
}

/** a.slice(i) === b.slice(j), without making the slices */
function sameFrom(a: string, i: number, b: string, j: number): boolean {
  if (a.length - i !== b.length - j) return false;
  for (; i < a.length; i++, j++) if (a.charCodeAt(i) !== b.charCodeAt(j)) return false;
  return true;
}

/** The webmail domain `domain` is a slip of, or null. */
export function typoOf(domain: string): string | null {
  if (WEBMAIL_SET.has(domain) || REAL_NEIGHBOURS.has(domain) || domain.length > 20) return null;
  for (const w of WEBMAIL) if (oneSlipApart(domain, w)) return w;
  return null;
}

/** mailchecker's own Set (56k domains), read once; we never add to it. */
const DISPOSABLE: ReadonlySet<string> = mailchecker.blacklist();

/**
 * Whether the list holds any bare top-level label ("com"). It holds none today, so the last
 * suffix of a domain need not be looked up in this large set (a likely cache miss per email).
 */
const DISPOSABLE_HAS_BARE_LABEL = [...DISPOSABLE].some((d) => !d.includes('.'));

/** Forwarding services that hide a real person's inbox. */
export const PRIVACY_RELAYS: ReadonlySet<string> = new Set([
  'duck.com', 'privaterelay.appleid.com', 'icloud-relay.com', 'mozmail.com', 'relay.firefox.com',
  'simplelogin.com', 'simplelogin.co', 'simplelogin.fr', 'slmail.me', 'aleeas.com', 'anonaddy.com',
  'anonaddy.me', 'addy.io', 'passmail.net', 'passmail.com', 'passinbox.com', 'erine.email',
  'fastmail.fm.relay', 'silomails.com',
]);

/** Local parts that only a test or a refusal produces. */
const JUNK_LOCALS: ReadonlySet<string> = new Set([
  'noemail', 'no-email', 'no.email', 'noreply', 'no-reply', 'none', 'null', 'nobody', 'nomail', 'na', 'n.a',
  'notreal', 'not.real', 'notgiven', 'fakeemail', 'fake.email', 'dontemail', 'donotemail', 'x', 'xx',
]);

// one @, a sensible local part, a domain with a dot and a letters-only TLD
const EMAIL_RE = /^[a-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$/;

/**
 * 'relay' when the domain or a parent domain is a privacy relay, else 'disposable' when one is on
 * the disposable list, else null. One walk over the suffixes serves both lists (a relay always wins).
 */
function domainKind(domain: string): 'relay' | 'disposable' | null {
  let disposable = false;
  let d = domain;
  for (;;) {
    if (PRIVACY_RELAYS.has(d)) return 'relay';
    const dot = d.indexOf('.');
    if (!disposable && (dot >= 0 || DISPOSABLE_HAS_BARE_LABEL) && DISPOSABLE.has(d)) disposable = true;
    if (dot < 0) return disposable ? 'disposable' : null;
    d = d.slice(dot + 1);
  }
}

/** null when no email was given. */
export function checkEmail(raw: unknown): EmailCheck | null {
  if (typeof raw !== 'string') return null;
  const s = cleanText(raw.length > 320 ? raw.slice(0, 320) : raw).trim().toLowerCase();
  if (s.length === 0) return null;
  const at = s.lastIndexOf('@');
  const local = at > 0 ? s.slice(0, at) : s;
  const domain = at > 0 ? s.slice(at + 1) : '';
  if (!EMAIL_RE.test(s) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    // "name@gmail" or "name@gmial,com": still a slip, not a fake
    const suggestion = typoOf(domain.replace(',', '.')) ?? (WEBMAIL_SET.has(domain + '.com') ? domain + '.com' : null);
    return { status: suggestion !== null && at > 0 ? 'typo' : 'invalid', local, domain, suggestion };
  }
  // a slip of a big webmail domain first: some disposable lists hold typo domains too ("gmial.com")
  const suggestion = typoOf(domain);
  if (suggestion !== null) return { status: 'typo', local, domain, suggestion };
  const kind = domainKind(domain);
  if (kind !== null) return { status: kind, local, domain, suggestion: null };
  const plainLocal = stripTag(local);
  if (STRONG_TEST_WORDS.has(plainLocal) || JUNK_LOCALS.has(plainLocal) || (isLetters(plainLocal) && looksMashed(plainLocal))) {
    return { status: 'junk', local, domain, suggestion: null };
  }
  return { status: 'valid', local, domain, suggestion: null };
}

/** "sarah.jones+rightmove" → "sarah.jones" */
export function stripTag(local: string): string {
  const plus = local.indexOf('+');
  return plus > 0 ? local.slice(0, plus) : local;
}
