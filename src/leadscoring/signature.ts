/**
 * Typeform-Signature: "sha256=" + base64 of HMAC-SHA256 over the
 * raw body bytes, keyed with the webhook secret. Computed on the bytes received, never on
 * re-serialised JSON, which would not match byte for byte. Pure.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function typeformSignature(secret: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('base64')}`;
}

export function verifyTypeformSignature(secret: string, rawBody: Buffer | string, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(typeformSignature(secret, rawBody));
  const given = Buffer.from(header.trim());
  // timingSafeEqual needs equal lengths; a length mismatch is already a wrong signature.
  return expected.length === given.length && timingSafeEqual(expected, given);
}
