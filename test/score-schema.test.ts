/**
 * POST /score answers with a schema spelled out field by field (so that Fastify serialises it with
 * generated code, and clients get its types). A field the engine writes but the schema lacks
 * would vanish from the response without an error; these tests make that a failure.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import fastJsonStringify from 'fast-json-stringify';
import { ScoreResponse } from '../src/score/schemas.ts';
import { scoreLead } from '../src/scoring/index.ts';
import { ctxArb, leadArb } from './helpers/lead-arbitraries.ts';
import { startTestApp } from './helpers/app.ts';

const serialize = fastJsonStringify(ScoreResponse as object);
/** What plain JSON makes of a value: the reference every serialised score must equal. */
const plain = (value: unknown) => JSON.parse(JSON.stringify(value));

test('property: the response schema serialises every score exactly as plain JSON would', () => {
  fc.assert(
    fc.property(leadArb, ctxArb, (lead, ctx) => {
      const score = scoreLead(lead, ctx);
      assert.deepEqual(JSON.parse(serialize(score)), plain(score));
    }),
    { numRuns: 600 },
  );
});

test('a score with a cap and a development priced by bedrooms keeps those fields too', () => {
  const score = scoreLead(
    { full_name: 'test test', email: 'tom@doherty.co.uk', budget: '£550k', payment_method: 'cash', timeline: 'ASAP', source: 'Referral', bedrooms: 2, status: 'Lost' },
    { development: { price_from: 300_000, price_to: 900_000, unit_mix: { '2': { count: 4, price_from: 500_000, price_to: 600_000 } } } },
  );
  const breakdown = score.score_breakdown as { intent: { cap?: unknown }; parsed: { development: { by_bedrooms: boolean } } };
  assert.ok(breakdown.intent.cap, 'this lead is capped');
  assert.equal(breakdown.parsed.development.by_bedrooms, true);
  assert.deepEqual(JSON.parse(serialize(score)), plain(score));
});

test('POST /api/v1/score answers with the engine result, field for field', async () => {
  const { tenant } = await startTestApp();
  const t = await tenant(['score_single']);
  const lead = { full_name: 'Sarah Chen', email: 'sarah@example.com', phone: '+44 7700 900000', budget: '£450k-£550k', payment_method: 'mortgage, AIP pending', timeline: '3-6 months', purpose: 'first home', location: 'Leeds', bedrooms: 2, source: 'Zoopla', notes: 'Would like a garden and parking nearby' };
  const res = await t.request('POST', '/api/v1/score', { lead });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json(), plain(scoreLead(lead)));
});
