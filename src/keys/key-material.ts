/**
 * API key format: `nb_live_` + 40 base62 characters (≈238 bits). Keys are this random, so a
 * single SHA-256 is a safe hash (a slow hash protects guessable passwords, not random keys) and
 * lets every request find its key with one indexed lookup.
 */
import { createHash, randomBytes } from 'node:crypto';

export const KEY_PREFIX = 'nb_live_';
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const RANDOM_CHARS = 40;
/** How much of a key is kept in clear for display: the prefix plus 6 characters. */
const DISPLAY_CHARS = KEY_PREFIX.length + 6;
const KEY_SHAPE = /^nb_live_[0-9A-Za-z]{32,128}$/;

export function generateApiKey(): string {
  return KEY_PREFIX + randomBase62(RANDOM_CHARS);
}

/** `length` characters drawn uniformly from [0-9A-Za-z]. */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(64)) {
      // Rejection sampling keeps every character equally likely (248 = 62 * 4).
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');
export const displayPrefix = (key: string) => key.slice(0, DISPLAY_CHARS);
export const looksLikeApiKey = (key: string) => KEY_SHAPE.test(key);
