import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mapSubmission, type LeadField } from './answers.ts';
import { answerValue, type FormResponse } from './typeform.ts';

test('every Typeform answer type is read', () => {
  const cases: [Record<string, unknown>, unknown][] = [
    [{ type: 'text', text: 'Hello' }, 'Hello'],
    [{ type: 'email', email: 'a@b.co' }, 'a@b.co'],
    [{ type: 'phone_number', phone_number: '+447911123456' }, '+447911123456'],
    [{ type: 'number', number: 4 }, 4],
    [{ type: 'boolean', boolean: false }, false],
    [{ type: 'date', date: '2005-10-15' }, '2005-10-15'],
    [{ type: 'url', url: 'https://x.example' }, 'https://x.example'],
    [{ type: 'file_url', file_url: 'https://files.example/cv.pdf' }, 'https://files.example/cv.pdf'],
    [{ type: 'choice', choice: { id: 'c1', ref: 'r', label: 'London' } }, 'London'],
    [{ type: 'choice', choice: { other: 'Leeds' } }, 'Leeds'],
    [{ type: 'choices', choices: { labels: ['London', 'Sydney'] } }, ['London', 'Sydney']],
    [{ type: 'choices', choices: { labels: ['A'], other: 'B' } }, ['A', 'B']],
    [{ type: 'payment', payment: { amount: '10.00', last4: '4242', name: 'J', success: true } }, { amount: '10.00', last4: '4242', name: 'J', success: true }],
    [{ type: 'number', number: 'four' }, null],
    [{ type: 'choice' }, null],
    [{ text: 'no type' }, null],
  ];
  for (const [answer, expected] of cases) assert.deepEqual(answerValue(answer), expected, JSON.stringify(answer));
});

const form = (questions: [title: string, answer: Record<string, unknown>, ref?: string][], hidden: Record<string, string> = {}): FormResponse => ({
  submitted_at: '2026-01-02T03:04:05Z',
  hidden,
  definition: { fields: questions.map(([title, , ref], i) => ({ id: `f${i}`, title, ref, type: 'short_text' })) },
  answers: questions.map(([, a], i) => ({ ...a, field: { id: `f${i}`, type: String(a.fieldType ?? 'short_text') } })),
});
const text = (t: string) => ({ type: 'text', text: t });

test('questions are matched to lead fields by their titles', () => {
  const cases: [title: string, field: LeadField][] = [
    ['What is your first name?', 'first_name'],
    ['Forename', 'first_name'],
    ['Surname', 'last_name'],
    ['Your last name', 'last_name'],
    ['Your full name', 'full_name'],
    ['Email address', 'email'],
    ['Mobile number', 'phone'],
    ["What's your maximum budget?", 'budget'],
    ['How will you fund your purchase?', 'payment_method'],
    ['Are you a cash buyer or do you need a mortgage?', 'payment_method'],
    ['When are you looking to move?', 'timeline'],
    ['Is this a home to live in or an investment?', 'purpose'],
    ['How many bedrooms?', 'bedrooms'],
    ['Which area are you looking to buy in?', 'location'],
    ['Where do you live at the moment?', 'state_residence'],
    ['County of residence', 'state_residence'],
    ['Anything else we should know?', 'notes'],
  ];
  for (const [title, field] of cases) {
    const value = field === 'email' ? 'x@y.co' : 'x y';
    const m = mapSubmission(form([[title, text(value)]]));
    assert.equal((m.fields as Record<string, string>)[field], value, `${title} → ${field}, got ${JSON.stringify(m.fields)}`);
  }
});

test('refs win over titles, ids work too (the seed example uses ids like "name"), and a client mapping wins over both', () => {
  assert.equal(mapSubmission(form([['Tell us', text('Jo Bloggs'), 'full_name']])).fields.full_name, 'Jo Bloggs');
  const seedStyle: FormResponse = { answers: [{ type: 'text', text: 'John Doe', field: { id: 'name', type: 'short_text' } }] };
  assert.equal(mapSubmission(seedStyle).fields.first_name, 'John');
  assert.equal(mapSubmission(seedStyle).fields.last_name, 'Doe');
  const mapped = mapSubmission(form([['What is your first name?', text('Blue'), 'colour_q']]), { colour_q: 'notes' });
  assert.equal(mapped.fields.notes, 'Blue');
  assert.equal(mapped.fields.first_name, undefined);
});

test('answers beat hidden fields; hidden fields fill the gaps; names complete each other', () => {
  const m = mapSubmission(form([['Email', { type: 'email', email: 'typed@example.com' }]], {
    email: 'prefilled@example.com', first_name: 'Ann', last_name: 'Lee', phone_number: '+447911123456', consent_ip: '81.2.69.142',
  }));
  assert.equal(m.fields.email, 'typed@example.com');
  assert.equal(m.fields.full_name, 'Ann Lee');
  assert.equal(m.fields.phone, '+447911123456');
  assert.deepEqual(m.missing, []);
});

test('consent: dated by the submission unless refused; an explicit consent date wins', () => {
  const base = { first_name: 'A', last_name: 'B', email: 'a@b.co', phone: '1', consent_ip: '1.2.3.4' };
  const legal = (yes: boolean) => ({ type: 'boolean', boolean: yes, fieldType: 'legal' });
  assert.equal(mapSubmission(form([['I agree', legal(true)]], base)).fields.consent_date, '2026-01-02T03:04:05Z');
  assert.deepEqual(mapSubmission(form([['I agree', legal(false)]], base)).missing, ['consent_date']);
  assert.equal(mapSubmission(form([], { ...base, consent_date: '2025-12-31' })).fields.consent_date, '2025-12-31');
});

test('an invalid email counts as missing; UTM and Meta tracking come from hidden fields', () => {
  const m = mapSubmission(form([['Email', { type: 'email', email: 'not-an-email' }]], { utm_source: 'facebook', fbc: 'fb.1.2.x', fbp: 'fb.1.2.y', event_id: 'e1', utm_term: '' }));
  assert.ok(m.missing.includes('email'));
  assert.deepEqual(m.utm, { utm_source: 'facebook' });
  assert.deepEqual(m.tracking, { fbc: 'fb.1.2.x', fbp: 'fb.1.2.y', event_id: 'e1' });
});

test('unmapped answers are kept under readable keys', () => {
  const m = mapSubmission(form([['Which features matter most?', { type: 'choices', choices: { labels: ['Balcony'] } }], ['Q', text('v'), 'readable_ref']]));
  assert.deepEqual(m.extra, { which_features_matter_most: ['Balcony'], readable_ref: 'v' });
});
