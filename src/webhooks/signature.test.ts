import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deliveryHeaders, eventBody, generateSecret, signBody, USER_AGENT } from './signature.ts';

test('secrets are whsec_ and 32 random bytes', () => {
  const a = generateSecret();
  assert.match(a, /^whsec_[A-Za-z0-9_-]{43}$/);
  assert.notEqual(a, generateSecret());
});

test('signature: hex HMAC-SHA256 of the raw body keyed with the whole secret (known vectors)', () => {
  const cases: [secret: string, body: string, hex: string][] = [
    ['key', 'The quick brown fox jumps over the lazy dog', 'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8'],
    ['whsec_test', '{"id":"1"}', signBody('whsec_test', '{"id":"1"}')],
  ];
  for (const [secret, body, hex] of cases) assert.equal(signBody(secret, body), hex);
});

test('headers carry id, event, timestamp, both signature forms and the product name', () => {
  const body = eventBody({ id: 'e1', type: 'lead.created', createdAt: new Date('2026-01-01T00:00:00Z'), data: { a: 1 } });
  assert.equal(body, '{"id":"e1","type":"lead.created","created_at":"2026-01-01T00:00:00.000Z","data":{"a":1}}');
  const h = deliveryHeaders({ eventId: 'e1', eventType: 'lead.created', body, secret: 'whsec_x', now: new Date('2026-01-01T00:00:09.999Z') });
  const hex = signBody('whsec_x', body);
  assert.deepEqual(h, {
    'User-Agent': USER_AGENT,
    'X-Webhook-Id': 'e1',
    'X-Webhook-Event': 'lead.created',
    'X-Webhook-Timestamp': '1767225609',
    'X-Webhook-Signature': `sha256=${hex}`,
    'X-Signature': hex,
  });
  assert.match(USER_AGENT, /^Naybourhood/);
});
