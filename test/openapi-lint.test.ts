/**
 * The OpenAPI document as integrators and their tools meet it. Every failure names the operation
 * and the rule, so a route added later is told exactly what it lacks (docs/architecture.md has
 * the checklist).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { OPENAPI_PATH } from '../src/http/openapi-document.ts';
import { EXAMPLE_CLIENT_ID } from '../src/leadscoring/schemas.ts';
import { startTestApp } from './helpers/app.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const doc: Json = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8'));
const schemas: Json = doc.components.schemas;

const operations = Object.entries<Json>(doc.paths).flatMap(([path, ops]) =>
  Object.entries<Json>(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, op, name: `${method.toUpperCase()} ${path} (${op.operationId})` })),
);

test('every operation is described, tagged, exemplified and declares its headers', () => {
  const tags = new Set((doc.tags ?? []).map((t: Json) => t.name));
  const problems: string[] = [];
  const rule = (ok: unknown, name: string, what: string) => ok || problems.push(`${name}: ${what}`);
  for (const { method, path, op, name } of operations) {
    rule(op.operationId, name, 'operation-id: give the route an operationId');
    rule(op.summary, name, 'summary: give the route a summary');
    rule(op.description, name, 'description: give the route a description (what it does, what to know)');
    rule(op.tags?.length && op.tags.every((t: string) => tags.has(t)), name, `tag-defined: tags ${JSON.stringify(op.tags)} must be listed in TAGS (src/http/openapi-polish.ts)`);
    rule(!path.endsWith('/'), name, 'no-trailing-slash');
    const body = op.requestBody?.content?.['application/json'];
    if (op.requestBody) rule(body?.example !== undefined, name, 'request-example: add `examples: [...]` to the body schema; it must work when sent');
    for (const [status, response] of Object.entries<Json>(op.responses)) {
      rule(response.description && response.description !== 'Default Response', name, `response-description: ${status}`);
      rule(response.headers?.['X-Request-Id'], name, `response-headers: ${status} lacks X-Request-Id`);
      const media = response.content?.['application/json'];
      if (media) rule(media.example !== undefined, name, `response-example: ${status}`);
      if (status === '429') rule(response.headers?.['Retry-After'], name, '429 lacks Retry-After');
    }
    if (method === 'POST' && /^create/.test(op.operationId)) {
      rule(op.parameters?.some((p: Json) => p.in === 'header' && p.name === 'Idempotency-Key'), name, 'idempotency-key: a creating POST takes `config: { idempotent: true }`');
    }
  }
  assert.deepEqual(problems, []);
});

test('version and licence agree with package.json and LICENSE', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  assert.equal(doc.info.version, pkg.version);
  assert.equal(doc.info.license.identifier, pkg.license);
  assert.ok(existsSync('LICENSE') && readFileSync('LICENSE', 'utf8').startsWith('MIT License'), 'LICENSE holds the MIT licence');
  assert.match(readFileSync('CHANGELOG.md', 'utf8'), new RegExp(`## ${pkg.version.replace(/\./g, '\\.')}`), 'CHANGELOG.md has this version');
});

test('request schemas refuse what the server refuses: /score and /score/batch take exactly one of their two inputs', () => {
  for (const [name, pair] of [['ScoreRequest', ['lead', 'buyer_id']], ['BatchScoreRequest', ['leads', 'buyer_ids']]] as const) {
    assert.deepEqual(schemas[name].oneOf, [{ required: [pair[0]] }, { required: [pair[1]] }], name);
  }
});

// The document does not depend on the database, so the external linters run once, in the PGlite run.
test('Redocly (recommended) and Spectral (spectral:oas) report nothing', { skip: process.env.TEST_DATABASE_URL ? 'the document is the same on both databases; linted in the PGlite run' : false }, () => {
  const res = spawnSync(process.execPath, ['scripts/lint-openapi.mjs'], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(res.status, 0, `${res.stdout}\n${res.stderr}`);
});

test('every request example works when sent (ids in paths are real objects of the caller)', async () => {
  // The webhook example's URL is public; this skips only the DNS look-up, which tests cannot make.
  const { tenant } = await startTestApp({ WEBHOOK_ALLOW_PRIVATE_URLS: 'true' });
  const t = await tenant();
  const webhook = (await t.request('POST', '/api/v1/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['lead.created'] })).json();
  const lead = (await t.request('POST', '/api/v1/leads', { full_name: 'Path Lead', email: 'path.lead@example.com' })).json();
  const development = (await t.request('POST', '/api/v1/developments', { name: 'Path Development' })).json();
  const ids: Record<string, string> = {
    '/api/v1/leads/{id}': lead.id,
    '/api/v1/developments/{id}': development.id,
    '/api/v1/webhooks/{id}': webhook.id,
    '/api/v1/leadscoring/settings/{client_id}': t.companyId,
  };
  const failures: string[] = [];
  for (const { method, path, op, name } of operations) {
    const example = op.requestBody?.content?.['application/json']?.example;
    if (example === undefined) continue;
    let url = path;
    for (const [prefix, id] of Object.entries(ids)) if (path === prefix) url = path.replace(/\{[a-z_]+\}/, id);
    assert.ok(!url.includes('{'), `${name}: give the example test an object for this path`);
    const body = JSON.parse(JSON.stringify(example).replaceAll(EXAMPLE_CLIENT_ID, t.companyId));
    const res = await t.request(method as 'POST', url, body);
    if (res.statusCode >= 300) failures.push(`${name}: example answered ${res.statusCode} ${res.body.slice(0, 300)}`);
  }
  assert.deepEqual(failures, []);
});
