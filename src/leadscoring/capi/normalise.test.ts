import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashUserData, normaliseEmail, normaliseName, normalisePhone, sha256Hex } from './normalise.ts';

test("Meta's documented examples hash to Meta's documented values", () => {
  assert.equal(sha256Hex(normaliseEmail('John_Smith@gmail.com')!), '62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f');
  assert.equal(sha256Hex(normalisePhone('+1 (650) 555-1212')!), 'e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176');
  assert.equal(sha256Hex(normaliseName('Mary')!), '6915771be1c5aa0c886870b6951b03d7eafc121fea0e80a5ea83beb7c449f4ec');
});

test('normalisation', () => {
  const cases: [(s: string) => string | undefined, string, string | undefined][] = [
    [normaliseEmail, '  John_Smith@Gmail.com ', 'john_smith@gmail.com'],
    [normaliseEmail, 'no-at-sign', undefined],
    [normalisePhone, '+1 (650) 555-1212', '16505551212'],
    [normalisePhone, '07911 123456', '447911123456'],
    [normalisePhone, '+44 (0)7911 123456', '447911123456'],
    [normalisePhone, '0044 7911 123456', '447911123456'],
    [normalisePhone, '123', undefined],
    [normaliseName, "  O'Brien ", 'obrien'],
    [normaliseName, 'Zoë', 'zoë'],
    [normaliseName, 'Mary-Jane', 'maryjane'],
    [normaliseName, '...', undefined],
  ];
  for (const [fn, input, expected] of cases) assert.equal(fn(input), expected, `${fn.name}(${input})`);
});

test('user_data: em/ph/fn/ln hashed, fbc/fbp/IP/user agent plain, empty values left out', () => {
  const out = hashUserData({ email: 'A@B.co', phone: null, first_name: 'Mary', last_name: '', fbc: 'fb.1.1.x', fbp: 'fb.1.1.y', client_ip_address: '81.2.69.142' });
  assert.deepEqual(out, {
    em: [sha256Hex('a@b.co')],
    fn: [sha256Hex('mary')],
    fbc: 'fb.1.1.x',
    fbp: 'fb.1.1.y',
    client_ip_address: '81.2.69.142',
  });
});
