/**
 * Learning from outcomes through the real API, worker and database: CSV imports (history and
 * live), training, activation rules, rollback, tenancy and status history.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, sql } from 'drizzle-orm';
import { startTestApp, leadInput, type TestTenant } from './helpers/app.ts';
import { multipartCsv } from './helpers/tenant-objects.ts';
import { createLearningWorker } from '../src/models/worker.ts';
import { events, leadStatusChanges, models, trainingExamples } from '../src/db/schema/index.ts';
import { seededRandom, sigmoid } from '../src/learning/index.ts';

const t = await startTestApp();
const worker = createLearningWorker({ config: t.config, database: t.database });

async function upload(tenant: TestTenant, fields: Record<string, string>, csv: string | Buffer) {
  const { body, headers } = multipartCsv(fields, csv);
  return tenant.request('POST', '/api/v1/imports', body, headers);
}

/** Uploads, lets the worker run the job, and returns the finished import. */
async function importCsv(tenant: TestTenant, fields: Record<string, string>, csv: string | Buffer) {
  const res = await upload(tenant, fields, csv);
  assert.equal(res.statusCode, 202, res.body);
  while ((await worker.runOnce()) > 0);
  const done = await tenant.request('GET', `/api/v1/imports/${res.json().id}`);
  assert.equal(done.statusCode, 200);
  return done.json();
}

/**
 * History rows with a known probability of reserving: referral and cash buyers convert more, and a
 * custom attribute (region) matters. Dates run forward one hour per row.
 */
function historyCsv(n: number, seed: number, flip = false): string {
  const rand = seededRandom(seed);
  const lines = ['Lead Source;Payment;region;Enquiry Date;Outcome'];
  for (let i = 0; i < n; i++) {
    const source = rand() < 0.3 ? 'Referral' : 'Facebook';
    const payment = rand() < 0.4 ? 'cash' : 'mortgage';
    const region = rand() < 0.5 ? 'north' : 'south';
    const z = -1.5 + (source === 'Referral' ? 1.2 : 0) + (payment === 'cash' ? 1.0 : 0) + (region === 'north' ? 0.8 : -0.4);
    const won = rand() < sigmoid(flip ? -z - 1 : z);
    const date = new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString();
    lines.push([source, payment, region, date, won ? 'Reserved' : 'Lost'].join(';'));
  }
  return lines.join('\r\n') + '\r\n';
}

async function train(tenant: TestTenant) {
  const res = await tenant.request('POST', '/api/v1/models/train');
  assert.equal(res.statusCode, 202, res.body);
  while ((await worker.runOnce()) > 0);
  return (await tenant.request('GET', '/api/v1/models')).json().data as Record<string, any>[];
}

test('a real-world CSV: BOM, semicolons, quotes, embedded newlines, synonyms, attributes, bad rows reported with line and field', async () => {
  const tenant = await t.tenant();
  const csv = '\uFEFF' + [
    'Name;E-mail Address;Mobile;Budget;Buying Position;Notes;Favourite Colour',
    'Ann Lee;ann@example.com;+44 7911 123456;£450k;cash;"Loves the view; wants ""two"" parking spaces',
    'and a garden";blue',
    'No Email;;;500000;mortgage;;green',
    'Bad Mail;not-an-email;;;;;red',
    ';bob@example.com;;;;;',
    'Cara Jones;cara@example.com;;1.2m;AIP;;"yellow"',
  ].join('\r\n') + '\r\n';
  const before = (await tenant.request('GET', '/api/v1/leads')).json().meta.total;
  const done = await importCsv(tenant, {}, csv);
  assert.equal(done.status, 'succeeded');
  assert.equal(done.processed_rows, 5);
  assert.equal(done.inserted, 2);
  assert.equal(done.failed, 3);
  assert.deepEqual(done.errors.map((e: any) => [e.line, e.field]), [[4, 'email'], [5, 'email'], [6, 'full_name']]);
  assert.match(done.errors[1].reason, /not an email address/);
  const list = (await tenant.request('GET', '/api/v1/leads?search=ann')).json().data;
  assert.equal(list.length, 1);
  assert.equal(list[0].notes, 'Loves the view; wants "two" parking spaces\r\nand a garden');
  assert.deepEqual(list[0].attributes, { 'Favourite Colour': 'blue' });
  assert.equal(list[0].payment_method, 'cash');
  assert.equal((await tenant.request('GET', '/api/v1/leads')).json().meta.total, before + 2);
  // the same file again: merged by email, nothing added twice
  const again = await importCsv(tenant, {}, csv);
  assert.equal(again.inserted, 0);
  assert.equal(again.merged, 2);
  assert.equal((await tenant.request('GET', '/api/v1/leads')).json().meta.total, before + 2);
  const history = await tenant.request('GET', `/api/v1/leads/${list[0].id}/scores`);
  assert.equal(history.json().data[0].scored_by, 'import');
});

test('history rows are training examples only: never listed or counted, a re-run adds nothing, bad outcomes are reported', async () => {
  const tenant = await t.tenant();
  const csv = [
    'source,payment,outcome,region',
    'Referral,cash,won,north',
    'Facebook,mortgage,lost,south',
    'Facebook,mortgage,maybe,south',
    'Facebook,mortgage,,south',
    'Zoopla,"cash, no chain",converted,north',
    'Zoopla,cash,1,north,extra',
  ].join('\n');
  const done = await importCsv(tenant, { history: 'true', outcome_column: 'Outcome' }, csv);
  assert.equal(done.status, 'succeeded', JSON.stringify(done));
  assert.equal(done.inserted, 3);
  assert.deepEqual(done.errors.map((e: any) => [e.line, e.field]), [[4, 'outcome'], [5, 'outcome'], [7, null]]);
  assert.match(done.errors[0].reason, /"maybe" is not an outcome/);
  const stored = await t.database.db.select().from(trainingExamples).where(eq(trainingExamples.companyId, tenant.companyId));
  assert.equal(stored.length, 3);
  assert.deepEqual(stored.map((s) => s.sql).sort(), [false, true, true]);
  assert.equal((await tenant.request('GET', '/api/v1/leads')).json().meta.total, 0);
  assert.equal((await tenant.request('GET', '/api/v1/stats')).json().total_leads ?? 0, 0);
  const [{ n }] = (await t.database.db.execute(sql`select count(*)::int as n from events where company_id = ${tenant.companyId}`) as any).rows;
  assert.equal(n, 0);
  const again = await importCsv(tenant, { history: 'true', outcome_column: 'outcome' }, csv);
  assert.equal(again.inserted, 0);
  assert.equal(again.duplicates, 3);
});

test('an import that cannot work is refused at once and stores nothing', async () => {
  const tenant = await t.tenant();
  const noOutcome = await upload(tenant, { history: 'true' }, 'a,b\n1,2\n');
  assert.equal(noOutcome.statusCode, 400);
  const wrongColumn = await upload(tenant, { history: 'true', outcome_column: 'won' }, 'a,b\n1,2\n');
  assert.equal(wrongColumn.statusCode, 400);
  assert.match(wrongColumn.json().error.message, /outcome column "won" is not in the file/);
  const badMap = await upload(tenant, { map: 'a=salary' }, 'a,b\n1,2\n');
  assert.equal(badMap.statusCode, 400);
  const json = await tenant.request('POST', '/api/v1/imports', { file: 'a,b' });
  assert.equal(json.statusCode, 415);
  const noFile = multipartCsv({ history: 'false' }, null);
  assert.equal((await tenant.request('POST', '/api/v1/imports', noFile.body, noFile.headers)).statusCode, 400);
  const readOnly = await t.tenant(['leads_read']);
  assert.equal((await upload(readOnly, {}, 'a\n1\n')).statusCode, 403);
  assert.equal((await tenant.request('GET', '/api/v1/imports')).json().data.length, 0);
});

test('50 outcomes keep the priors, and the model says why', async () => {
  const tenant = await t.tenant();
  await importCsv(tenant, { history: 'true', outcome_column: 'Outcome' }, historyCsv(50, 1));
  const list = await train(tenant);
  assert.equal(list.length, 2);
  for (const m of list) assert.equal(m.active, false);
  const sqlModel = list.find((m) => m.target === 'p_sql')!;
  const detail = (await tenant.request('GET', `/api/v1/models/${sqlModel.id}`)).json();
  assert.match(detail.reason, /Not enough outcomes: 50 labelled leads with \d+ positive; activation needs at least 200 labelled with 40 positive/);
  assert.equal((await tenant.request('POST', `/api/v1/models/${sqlModel.id}/activate`)).statusCode, 409);
});

test('enough outcomes: trained, beats the prior, activated with an event; versions, rollback and tenancy', async () => {
  const a = await t.tenant();
  const b = await t.tenant();
  await importCsv(a, { history: 'true', outcome_column: 'Outcome' }, historyCsv(3000, 2));
  // company B's history says the opposite: it must never leak into A's model or A's into B's
  await importCsv(b, { history: 'true', outcome_column: 'Outcome' }, historyCsv(3000, 3, true));
  const listA = await train(a);
  const sqlA = listA.find((m) => m.target === 'p_sql')!;
  assert.equal(sqlA.active, true, sqlA.reason);
  assert.equal(sqlA.rows.labelled, 3000);
  assert.ok(sqlA.metrics.model.auc > 0.65 && sqlA.metrics.model.auc > sqlA.metrics.prior.auc, JSON.stringify(sqlA.metrics));
  assert.ok(sqlA.metrics.model.ece < 0.06, JSON.stringify(sqlA.metrics));
  // status names say whether a viewing happened: Reserved implies one, Lost does not say → p_show has only positives
  const showA = listA.find((m) => m.target === 'p_show')!;
  assert.equal(showA.active, false);
  const detail = (await a.request('GET', `/api/v1/models/${sqlA.id}`)).json();
  assert.ok(detail.top_factors.length > 0);
  assert.ok(detail.top_factors.some((f: any) => f.column === 'attributes.region'), JSON.stringify(detail.top_factors));
  assert.equal(detail.model_version, 'p_sql-v1');
  const activated = await t.database.db.select().from(events).where(and(eq(events.companyId, a.companyId), eq(events.type, 'model.activated')));
  assert.equal(activated.length, 1);
  // tenancy: B cannot see or activate A's model; B's model learned the opposite from B's rows only
  assert.equal((await b.request('GET', `/api/v1/models/${sqlA.id}`)).statusCode, 404);
  assert.equal((await b.request('POST', `/api/v1/models/${sqlA.id}/activate`)).statusCode, 404);
  const sqlB = (await train(b)).find((m) => m.target === 'p_sql')!;
  assert.equal(sqlB.rows.labelled, 3000);
  assert.equal((await a.request('GET', '/api/v1/models')).json().data.length, 2);
  // a second training run is version 2 and becomes active; rolling back re-activates version 1
  const v2 = (await train(a)).find((m) => m.target === 'p_sql' && m.version === 2)!;
  assert.equal(v2.active, true);
  const back = await a.request('POST', `/api/v1/models/${sqlA.id}/activate`);
  assert.equal(back.statusCode, 200, back.body);
  assert.equal(back.json().active, true);
  const active = await t.database.db.select().from(models).where(and(eq(models.companyId, a.companyId), eq(models.active, true)));
  assert.deepEqual(active.map((m) => m.version), [1]);
  // permissions
  const noModels = await t.tenant(['leads_read']);
  assert.equal((await noModels.request('GET', '/api/v1/models')).statusCode, 403);
});

test('status changes are recorded with their time; a lead reserved then lost is still a positive', async () => {
  const tenant = await t.tenant();
  const created = (await tenant.request('POST', '/api/v1/leads', leadInput())).json();
  for (const status of ['Viewing Attended', 'Reserved', 'Lost']) {
    assert.equal((await tenant.request('PATCH', `/api/v1/leads/${created.id}`, { status })).statusCode, 200);
  }
  const rows = await t.database.db.select().from(leadStatusChanges).where(eq(leadStatusChanges.leadId, created.id)).orderBy(leadStatusChanges.changedAt);
  assert.deepEqual(rows.map((r) => [r.fromStatus, r.toStatus]), [[null, 'Contact Pending'], ['Contact Pending', 'Viewing Attended'], ['Viewing Attended', 'Reserved'], ['Reserved', 'Lost']]);
  const { labelledExamples } = await import('../src/models/service.ts');
  const settings = { noProgressDays: 90, minLabelled: 200, minPositives: 40 };
  const ex = await labelledExamples(t.database.db, tenant.companyId, 'p_sql', new Date(), settings);
  assert.equal(ex.length, 1);
  assert.equal(ex[0]!.label, 1);
  assert.equal(Object.keys(ex[0]!.row).includes('status'), false);
});
