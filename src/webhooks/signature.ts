/**
 * What a delivery looks like on the wire, pure: the JSON body, the signature and the
 * headers. The signature is the hex HMAC-SHA256 of the exact body bytes keyed with the whole
 * `whsec_…` string, which is what the documented receiver verifier computes.
 */
import { createHmac, randomBytes } from 'node:crypto';

export const USER_AGENT = 'Naybourhood-Webhooks/1.0 (+https://naybourhood.app/docs/webhooks)';
export const TEST_EVENT_TYPE = 'webhook.test';

export interface WebhookEvent {
  id: string;
  type: string;
  createdAt: Date;
  data: Record<string, unknown>;
}

/** A new signing secret: `whsec_` and 32 random bytes, base64url. */
export function generateSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** The body, built once at fan-out and sent byte-for-byte the same on every attempt. */
export function eventBody(event: WebhookEvent): string {
  return JSON.stringify({ id: event.id, type: event.type, created_at: event.createdAt.toISOString(), data: event.data });
}

export function signBody(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

export function deliveryHeaders(opts: { eventId: string; eventType: string; body: string; secret: string; now: Date }): Record<string, string> {
  const signature = signBody(opts.secret, opts.body);
  return {
    'User-Agent': USER_AGENT,
    'X-Webhook-Id': opts.eventId,
    'X-Webhook-Event': opts.eventType,
    'X-Webhook-Timestamp': String(Math.floor(opts.now.getTime() / 1000)),
    'X-Webhook-Signature': `sha256=${signature}`,
    'X-Signature': signature,
  };
}
