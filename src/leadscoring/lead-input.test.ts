import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseBedrooms } from '../scoring/bedrooms.ts';
import { mapSubmission } from './answers.ts';
import { toLeadInput } from './lead-input.ts';
import type { FormResponse } from './typeform.ts';

const withBedrooms = (answer: string): FormResponse => ({
  hidden: { email: 'a@b.co', full_name: 'Ann Bee' },
  definition: { fields: [{ id: 'b', title: 'How many bedrooms?', type: 'short_text' }] },
  answers: [{ type: 'text', text: answer, field: { id: 'b', type: 'short_text' } }],
});
const bedroomsOf = (answer: string) => toLeadInput(mapSubmission(withBedrooms(answer)), withBedrooms(answer), {}).bedrooms;

test('the stored bedrooms are read by the engine’s own parser: words, digits and limits alike', () => {
  assert.equal(bedroomsOf('Two bedrooms'), 2);
  assert.equal(bedroomsOf('Studio'), 0);
  assert.equal(bedroomsOf('3+'), 3);
  for (const answer of ['Two bedrooms', '15', '4 bed', 'studio flat', 'ten', 'not sure']) {
    assert.equal(bedroomsOf(answer), parseBedrooms(answer), answer);
  }
});

test('a 250 KB question title of repeated "where" is matched in linear time', () => {
  const title = 'where '.repeat(42_000);
  const response: FormResponse = {
    hidden: { email: 'a@b.co' },
    definition: { fields: [{ id: 'w', title, type: 'short_text' }] },
    answers: Array.from({ length: 5 }, () => ({ type: 'text', text: 'x', field: { id: 'w' } })),
  };
  const started = process.cpuUsage();
  const mapped = mapSubmission(response);
  const used = process.cpuUsage(started);
  const cpuMs = (used.user + used.system) / 1000;
  assert.equal(mapped.fields.location, undefined, 'no buy/looking/move/property after the where');
  // Quadratic matching took seconds on this input; linear takes a few milliseconds.
  assert.ok(cpuMs < 1000, `${cpuMs} ms of CPU`);
  const located = mapSubmission({ ...response, definition: { fields: [{ id: 'w', title: `${title} buy`, type: 'short_text' }] } });
  assert.equal(located.fields.location, 'x', '"where … buy" still names the location question');
});
