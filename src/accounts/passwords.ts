/**
 * Password hashing with scrypt (node:crypto), a memory-hard function, so a stolen hash costs an
 * attacker as much memory as time per guess. Each hash carries its own salt and parameters
 * (`scrypt$N$r$p$salt$hash`), so the cost can be raised later without invalidating stored hashes.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { invalidField } from '../http/errors.ts';
import { randomBase62 } from '../keys/key-material.ts';

/** N=2^15, r=8, p=3: one of the equivalent minimum settings OWASP lists for scrypt (32 MiB, ~0.1 s). */
const PARAMS = { N: 2 ** 15, r: 8, p: 3 } as const;
const SALT_BYTES = 16;
const HASH_BYTES = 32;
/** Bounds what a stored hash may ask of us, so a tampered row cannot exhaust memory or time. */
const MAX_N = 2 ** 20;
const MAX_P = 16;

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, HASH_BYTES, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** True when `password` matches `stored`; false for a wrong password or a hash we cannot read. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  if (!(params.N > 1 && params.N <= MAX_N && params.r >= 1 && params.r <= 32 && params.p >= 1 && params.p <= MAX_P)) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), params);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * Spends the same time as checking a real password, for sign-ins with an unknown email: the
 * answer's timing must not tell an attacker which emails have accounts.
 */
let dummyHash: Promise<string> | undefined;
export async function verifyAgainstNothing(password: string): Promise<false> {
  await verifyPassword(password, await (dummyHash ??= hashPassword(randomBase62(24))));
  return false;
}

/** Length only (NIST SP 800-63B): long passphrases beat composition rules. Lengths count characters, not bytes. */
export function checkPasswordPolicy(password: string, field = 'new_password'): void {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) throw invalidField(field, `must be at least ${PASSWORD_MIN_LENGTH} characters long`);
  if (length > PASSWORD_MAX_LENGTH) throw invalidField(field, `must be at most ${PASSWORD_MAX_LENGTH} characters long`);
}

/** A one-time password an admin hands over: 20 base62 characters (≈119 bits). */
export const generateOneTimePassword = () => randomBase62(20);
