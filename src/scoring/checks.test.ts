import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePhoneNumberFromString, getCountries, getCountryCallingCode } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { checkPhone, checkWithLibrary, isDramaNumber, isMadeUpDigits, type PhoneStatus } from './phone.ts';
import { checkEmail, type EmailStatus } from './email.ts';
import { checkName, wordShape } from './name.ts';
import { containsKeyboardWalk, KEYBOARD_RE } from './text.ts';
import { checkMismatch } from './mismatch.ts';

test('phone: valid, drama, made-up, impossible', () => {
  const cases: [string, PhoneStatus][] = [
    ['+44 7911 123456', 'valid'],
    ['07911 123456', 'valid'],
    ['0044 7911 123456', 'valid'],
    ['020 7123 4567', 'valid'],
    ['+44 (0)20 7123 4567', 'valid'],
    ['+1 415 555 0100', 'valid'],
    ['+44 7700 900001', 'drama'],
    ['07700 900000', 'drama'],
    ['07700 900999', 'drama'],
    ['01632 960123', 'drama'],
    ['020 7946 0123', 'drama'],
    ['0113 496 0000', 'drama'],
    ['0161 496 0999', 'drama'],
    ['028 9649 6123', 'drama'],
    ['029 2018 0123', 'drama'],
    ['01914 980123', 'drama'],
    ['0808 157 0123', 'drama'],
    ['0909 879 0123', 'drama'],
    ['03069 990123', 'drama'],
    ['07777 777777', 'made_up'],
    ['07123 456789', 'made_up'],
    ['+44 1234', 'invalid'],
    ['07700 123', 'invalid'],
    ['0000000000', 'made_up'],
    ['+44 20 7123', 'invalid'],
    ['call me', 'invalid'],
  ];
  for (const [input, want] of cases) assert.equal(checkPhone(input)?.status, want, input);
  assert.equal(checkPhone(''), null);
  assert.equal(checkPhone('n/a'), null);
  assert.equal(checkPhone(null), null);
  assert.equal(checkPhone('07911 123456')?.e164, '+447911123456');
  assert.equal(checkPhone('07911 123456')?.type, 'MOBILE');
  assert.equal(checkPhone('020 7123 4567')?.type, 'FIXED_LINE');
});

test('phone: drama range edges', () => {
  assert.equal(isDramaNumber('7700900000'), true);
  assert.equal(isDramaNumber('7700900999'), true);
  assert.equal(isDramaNumber('7700901000'), false);
  assert.equal(isDramaNumber('7700899999'), false);
  assert.equal(isDramaNumber('2079470000'), false);
  assert.equal(isMadeUpDigits('7911123456'), false);
  assert.equal(isMadeUpDigits('7777777777'), true);
});

test('phone: the UK fast path never disagrees with libphonenumber about a valid number', () => {
  const prefixes = ['7', '1', '2', '3', '8', '9', '5', '74', '75', '77', '78', '79', '1624', '1481', '1534', '7624', '7781', '7797'];
  fc.assert(
    fc.property(fc.constantFrom(...prefixes), fc.stringMatching(/^\d{0,12}$/), fc.constantFrom('0', '+44', '+44 ', '0044'), (p, rest, lead) => {
      const national = p + rest;
      const raw = lead + national;
      const ours = checkPhone(raw);
      const lib = parsePhoneNumberFromString(raw, 'GB');
      if (ours?.status === 'valid') assert.equal(lib?.isValid(), true, raw);
      if (ours?.status === 'invalid') assert.notEqual(lib?.isValid(), true, raw);
      if (lib?.isValid() && !isDramaNumber(national) && !isMadeUpDigits(national)) assert.equal(ours?.status, 'valid', raw);
    }),
    { numRuns: 5000 },
  );
});

// every calling code but +44 (which has its own fast path above), with a real mobile number for it
const INTL = getCountries()
  .map((c) => [getCountryCallingCode(c), (examples as Record<string, string>)[c] ?? ''] as const)
  .filter(([cc]) => cc !== '44');

test('phone: the international fast path gives exactly the library\'s answer, for every calling code', () => {
  // each country's example mobile, as written by people: spaced, dashed, bracketed
  for (const [cc, ex] of INTL) {
    for (const raw of [`+${cc}${ex}`, `+${cc} ${ex.slice(0, 3)} ${ex.slice(3)}`, `+${cc} (${ex.slice(0, 2)}) ${ex.slice(2, 5)}-${ex.slice(5)}`]) {
      assert.deepEqual(checkPhone(raw), checkWithLibrary(raw), raw);
    }
  }
  // the same numbers with digits changed, cut short or made longer, and plain random digits
  const digit = fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
  const national = fc.oneof(
    fc.tuple(fc.constantFrom(...INTL), fc.nat(12), fc.array(digit, { maxLength: 6 }), fc.nat(4)).map(([[, ex], keep, tail, drop]) => {
      const base = ex.slice(0, Math.min(keep + 1, ex.length));
      return (base + tail.join('') + ex.slice(base.length + tail.length)).slice(0, Math.max(1, ex.length + 3 - drop));
    }),
    fc.array(digit, { minLength: 0, maxLength: 18 }).map((d) => d.join('')),
  );
  const sep = fc.constantFrom('', ' ', '-', '.', ' (', ') ', '\u00a0');
  fc.assert(
    fc.property(fc.constantFrom(...INTL), national, sep, fc.nat(20), (([cc], nn, sp, at) => {
      const raw = `+${cc}${sp}${nn.slice(0, at)}${at < nn.length ? sp : ''}${nn.slice(at)}`.trim();
      assert.deepEqual(checkPhone(raw), checkWithLibrary(raw), raw);
    })),
    { numRuns: 20000 },
  );
});

test('email checks', () => {
  const cases: [string, EmailStatus][] = [
    ['james@buyer.com', 'valid'],
    ['Sarah.Chen@Gmail.com', 'valid'],
    ['sarah+rightmove@hotmail.co.uk', 'valid'],
    ['john@example.com', 'valid'],
    ['test@mailinator.com', 'disposable'],
    ['someone@yopmail.com', 'disposable'],
    ['someone@sub.mailinator.com', 'disposable'],
    ['abc123@duck.com', 'relay'],
    ['x7k2@privaterelay.appleid.com', 'relay'],
    ['test@gmail.com', 'junk'],
    ['asdfgh@gmail.com', 'junk'],
    ['noemail@gmail.com', 'junk'],
    ['not-an-email', 'invalid'],
    ['john@', 'invalid'],
    ['john@gmail', 'typo'],
    ['jane@gmial.com', 'typo'],
    ['jane@hotmial.co.uk', 'typo'],
    ['jane@mail.com', 'valid'],
    ['john..smith@gmail.com', 'invalid'],
  ];
  for (const [input, want] of cases) assert.equal(checkEmail(input)?.status, want, input);
  assert.equal(checkEmail(''), null);
  assert.equal(checkEmail(null), null);
  assert.equal(checkEmail('a@b.co')?.domain, 'b.co');
  assert.equal(checkEmail('jane@gmial.com')?.suggestion, 'gmail.com', 'a slip of gmail.com, not a disposable domain');
  assert.equal(checkEmail('jane@gmail.com\u200b')?.status, 'valid', 'an invisible character is not part of an address');
});

test('name checks', () => {
  // the WHOLE name must be a test identity, a mash or a placeholder
  const fake: [string, string][] = [
    ['test test', 'Test name'],
    ['Test', 'Test name'],
    ['asdf', 'Test name'],
    ['asdf qwer', 'Test name'],
    ['Qwerty Uiop', 'Keyboard-mash name'],
    ['aaaa aaaa', 'Keyboard-mash name'],
    ['Brdsh Kjlm', 'Keyboard-mash name'],
    ['foo bar', 'Test name'],
    ['Mickey Mouse', 'Placeholder name'],
    ['John Doe', 'Placeholder name'],
  ];
  for (const [input, reason] of fake) assert.ok(checkName(input).problems.includes(reason), `${input}: ${reason}: ${checkName(input).problems.join('|')}`);
  // one odd word beside a real one is a real name: Tester and Test are surnames
  const real = ['Daniel Tester', 'Sarah Test', 'Qwerty Smith', 'John Sm1th', 'James Wilson', 'Sarah Chen', 'Siobhán Doherty', 'Zoë Liberty', "Liam O'Brien", 'Thi Ng', 'Mr John Smith', '王伟', 'Anne-Marie Wertheim', 'Bar Refaeli', 'Llwyd Rhys'];
  for (const n of real) assert.deepEqual(checkName(n).problems, [], n);
  assert.equal(checkName('James Wilson').full, true);
  assert.equal(checkName('James').full, false);
  assert.equal(checkName('').tokens.length, 0);
});

test('name–email mismatch is conservative', () => {
  const tokens = checkName('John Smith').tokens;
  assert.deepEqual(checkMismatch(tokens, 'sarah.jones'), { mismatch: true, weak: false });
  assert.deepEqual(checkMismatch(tokens, 'sarah_jones84'), { mismatch: true, weak: false });
  // shared inboxes and normal variants are not mismatches
  for (const local of ['john.smith', 'j.smith', 'jsmith', 'sarah.smith', 'john.jones', 'johnny.s', 'smithfamily', 'info', 'the.smiths', 'jon.smith', 'johnsmith1980', 'john.smith+rightmove', 'js']) {
    assert.equal(checkMismatch(tokens, local).mismatch, false, local);
  }
  assert.equal(checkMismatch(tokens, 'bigfoot').weak, true);
  assert.equal(checkMismatch(['john'], 'sarah.jones').mismatch, false, 'one-word names are not judged');
  assert.equal(checkMismatch(checkName('Christopher Smith').tokens, 'chris.jones').mismatch, false);
});

test('scanners give the same answers as the regular expressions they replace', () => {
  const text = fc.string({ unit: fc.constantFrom(...'qwertyuiopasdfghjklzxcvbnm1234567890 .,-\'’éßİ\t\u00a0'), maxLength: 24 });
  fc.assert(
    fc.property(text, (s) => {
      assert.equal(containsKeyboardWalk(s), KEYBOARD_RE.test(s), s);
      const shape = wordShape(s);
      assert.equal((shape & 1) !== 0, /\d/.test(s), `digit ${s}`);
      assert.equal((shape & 2) !== 0, /^[a-z][a-z'’.-]*$/.test(s), `ascii word ${s}`);
      assert.equal((shape & 4) !== 0, /[aeiouyw]/.test(s), `vowel ${s}`);
      const words = s.trim().toLowerCase().split(/[\s,]+/).map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''));
      const titles = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'dame', 'lord', 'lady', 'rev']);
      assert.deepEqual(checkName(s).tokens, words.filter((w) => w.length > 0 && !titles.has(w)), s);
    }),
    { numRuns: 20000 },
  );
});
