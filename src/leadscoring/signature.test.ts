import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { typeformSignature, verifyTypeformSignature } from './signature.ts';

// Typeform's recipe: 'sha256=' + Base64.strict_encode64(OpenSSL::HMAC.digest('sha256', secret, body)).
const secret = 'abc123';
const body = '{"event_id":"LtWXD3crgy","event_type":"form_response"}';
const expected = `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('base64')}`;

test('signs the raw bytes as Typeform does', () => {
  assert.equal(typeformSignature(secret, body), expected);
  assert.equal(typeformSignature(secret, Buffer.from(body)), expected);
});

test('verifies only the exact signature of the exact bytes', () => {
  const cases: [string | undefined, string, boolean][] = [
    [expected, body, true],
    [` ${expected} `, body, true],
    [expected, body.replace('LtW', 'Xtw'), false],
    [expected.replace('sha256=', ''), body, false],
    [`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`, body, false],
    ['sha256=', body, false],
    [undefined, body, false],
  ];
  for (const [header, raw, ok] of cases) assert.equal(verifyTypeformSignature(secret, raw, header), ok, String(header));
});
