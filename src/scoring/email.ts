/**
 * Email checks: syntax, disposable domains (the `mailchecker` list, loaded once into a Set),
 * privacy relays (a soft signal only: mailchecker lists duck.com, but a relay hides a real inbox)
 * and junk local parts ("test@…", "asdf@…").
 */
import mailchecker from 'mailchecker';
import { STRONG_TEST_WORDS, isLetters, looksMashed } from './text.ts';

export const EMAIL_STATUSES = ['valid', 'relay', 'disposable', 'junk', 'invalid'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

export interface EmailCheck {
  status: EmailStatus;
  local: string;
  domain: string;
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
  const s = raw.trim().toLowerCase();
  if (s.length === 0) return null;
  const at = s.lastIndexOf('@');
  const local = at > 0 ? s.slice(0, at) : s;
  const domain = at > 0 ? s.slice(at + 1) : '';
  if (!EMAIL_RE.test(s) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    return { status: 'invalid', local, domain };
  }
  const kind = domainKind(domain);
  if (kind !== null) return { status: kind, local, domain };
  const plainLocal = stripTag(local);
  if (STRONG_TEST_WORDS.has(plainLocal) || JUNK_LOCALS.has(plainLocal) || (isLetters(plainLocal) && looksMashed(plainLocal))) {
    return { status: 'junk', local, domain };
  }
  return { status: 'valid', local, domain };
}

/** "sarah.jones+rightmove" → "sarah.jones" */
export function stripTag(local: string): string {
  const plus = local.indexOf('+');
  return plus > 0 ? local.slice(0, plus) : local;
}
