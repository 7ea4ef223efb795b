/**
 * Meta's customer-information rules: em, ph, fn and ln are
 * normalised, then SHA-256 hashed as lowercase hex; fbc, fbp and the client IP are sent as they
 * are. Pure. Checked against Meta's documented example hashes in normalise.test.ts.
 */
import { createHash } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js';

export const sha256Hex = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

/** Trim, then lowercase: " John_Smith@gmail.com" → "john_smith@gmail.com". */
export function normaliseEmail(email: string): string | undefined {
  const out = email.trim().toLowerCase();
  return out.includes('@') ? out : undefined;
}

/**
 * Digits only, with the country code and without leading zeros: "+1 (650) 555-1212" →
 * "16505551212". A number written nationally is read as British (our buyers are in the UK), so
 * "07911 123456" → "447911123456". Outside 7–16 digits Meta will not match it: not sent.
 */
export function normalisePhone(phone: string): string | undefined {
  const parsed = parsePhoneNumberFromString(phone.trim(), 'GB');
  const digits = parsed?.isPossible() ? parsed.number.slice(1) : phone.replace(/\D+/g, '').replace(/^0+/, '');
  return digits.length >= 7 && digits.length <= 16 ? digits : undefined;
}

/** Lowercase, no punctuation or symbols, UTF-8 letters kept: "O'Brien" → "obrien", "Zoë" → "zoë". */
export function normaliseName(name: string): string | undefined {
  const out = name
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  return out || undefined;
}

export interface PlainUserData {
  email?: string | null;
  phone?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  fbc?: string | null;
  fbp?: string | null;
  client_ip_address?: string | null;
  client_user_agent?: string | null;
}

export interface HashedUserData {
  em?: string[];
  ph?: string[];
  fn?: string[];
  ln?: string[];
  fbc?: string;
  fbp?: string;
  client_ip_address?: string;
  client_user_agent?: string;
}

/** The user_data object Meta expects, built from plain values; nothing plain survives but the
 * identifiers Meta says must not be hashed. */
export function hashUserData(plain: PlainUserData): HashedUserData {
  const out: HashedUserData = {};
  const hashed = (value: string | null | undefined, normalise: (v: string) => string | undefined) => {
    const n = value ? normalise(value) : undefined;
    return n ? [sha256Hex(n)] : undefined;
  };
  const em = hashed(plain.email, normaliseEmail);
  const ph = hashed(plain.phone, normalisePhone);
  const fn = hashed(plain.first_name, normaliseName);
  const ln = hashed(plain.last_name, normaliseName);
  if (em) out.em = em;
  if (ph) out.ph = ph;
  if (fn) out.fn = fn;
  if (ln) out.ln = ln;
  if (plain.fbc) out.fbc = plain.fbc;
  if (plain.fbp) out.fbp = plain.fbp;
  if (plain.client_ip_address) out.client_ip_address = plain.client_ip_address;
  if (plain.client_user_agent) out.client_user_agent = plain.client_user_agent;
  return out;
}
