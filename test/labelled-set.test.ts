/**
 * The labelled set: 170 realistic UK new-homes enquiries (portal messages, Facebook lead ads, web
 * forms, Typeform exports), each labelled with the class and fake-lead verdict an experienced
 * new-homes sales manager gives, written before the engine was run on them. Developments are
 * stored through the API and every enquiry is scored with the context `loadScoringContext` gives
 * (development prices, the moment the lead arrived), as a stored lead would be.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { loadScoringContext } from '../src/context/scoring.ts';
import { scoreLead, type LeadInput } from '../src/scoring/index.ts';
import { startTestApp } from './helpers/app.ts';

interface Labelled {
  id: string;
  channel: string;
  received_at: string;
  development: string | null;
  lead: LeadInput;
  expected: { classification: string; is_fake_lead: boolean };
  why: string;
}
const doc = JSON.parse(readFileSync(new URL('./fixtures/labelled-enquiries.json', import.meta.url), 'utf8')) as {
  developments: Record<string, Record<string, unknown>>;
  enquiries: Labelled[];
};

/** Where the engine and the manager may disagree today, and why (each is a close call). */
const ALLOWED_DISAGREEMENTS: Record<string, string> = {
  'rm-112': 'A renter with no finance whose budget is 23% short of the cheapest 1-bed: the manager says Low Priority; the engine scores quality 41 (just over Nurture) because a mortgage is in progress.',
  'zp-113': 'Mortgage-free downsizer who must sell first, no budget, no timeline: the manager calls to qualify; the engine says Nurture because a buyer who must sell first cannot be Qualified whatever the answers.',
  'web-094': 'A dollar budget and a 6-12 month timeline: the manager calls to qualify; the engine says Nurture because a buyer a year away cannot be Qualified whatever the answers.',
};

const CLASS_AGREEMENT = 0.85;
const FAKE_AGREEMENT = 0.95;

const { database, tenant } = await startTestApp();

test(`labelled set: at least ${CLASS_AGREEMENT * 100}% class agreement and ${FAKE_AGREEMENT * 100}% fake-lead agreement with a sales manager`, async () => {
  assert.ok(doc.enquiries.length >= 150, 'at least 150 labelled enquiries');
  const t = await tenant(['developments_write']);
  const devIds: Record<string, string> = {};
  for (const [key, dev] of Object.entries(doc.developments)) {
    const res = await t.request('POST', '/api/v1/developments', { status: 'Active', total_units: 500, ...dev });
    assert.equal(res.statusCode, 201, res.body);
    devIds[key] = res.json().id;
  }
  let classAgree = 0;
  let fakeAgree = 0;
  const disagreements: string[] = [];
  for (const e of doc.enquiries) {
    const ctx = await loadScoringContext(database.db, t.companyId, {
      developmentId: e.development === null ? null : devIds[e.development]!,
      receivedAt: new Date(e.received_at),
    });
    const r = scoreLead(e.lead, ctx);
    if (r.classification === e.expected.classification) classAgree++;
    else disagreements.push(`${e.id}: manager ${e.expected.classification}, engine ${r.classification} (${r.summary})`);
    if (r.is_fake_lead === e.expected.is_fake_lead) fakeAgree++;
    else disagreements.push(`${e.id}: manager says fake=${e.expected.is_fake_lead}, engine ${r.is_fake_lead}`);
  }
  const n = doc.enquiries.length;
  console.log(`labelled set: class agreement ${classAgree}/${n} (${((100 * classAgree) / n).toFixed(1)}%), fake-lead agreement ${fakeAgree}/${n} (${((100 * fakeAgree) / n).toFixed(1)}%)`);
  for (const d of disagreements) console.log(`  disagreement ${d}${ALLOWED_DISAGREEMENTS[d.split(':')[0]!] ? ' — allowed: ' + ALLOWED_DISAGREEMENTS[d.split(':')[0]!] : ''}`);
  assert.ok(classAgree / n >= CLASS_AGREEMENT, `class agreement ${classAgree}/${n}`);
  assert.ok(fakeAgree / n >= FAKE_AGREEMENT, `fake-lead agreement ${fakeAgree}/${n}`);
  const unexplained = disagreements.filter((d) => !ALLOWED_DISAGREEMENTS[d.split(':')[0]!]);
  assert.deepEqual(unexplained, [], 'every disagreement is listed, with its reason');
});
