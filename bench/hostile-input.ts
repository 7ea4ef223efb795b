/**
 * What the largest inputs the API accepts (and the worst it refuses) cost, each beside an ordinary
 * request measured in the same run: CPU per request and the longest event-loop stall for
 * POST /leads and the Typeform webhook, and the size and memory of the largest list page.
 * In-process on PGlite in memory, so the database's own work is in the CPU figures too.
 * Run: node --import tsx bench/hostile-input.ts [requests]
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createCompany } from '../src/companies/service.ts';
import { openDatabase } from '../src/db/client.ts';
import { createApiKey } from '../src/keys/service.ts';
import { ATTRIBUTES_MAX_BYTES } from '../src/leads/schemas.ts';
import { TYPEFORM_LIMITS } from '../src/leadscoring/schemas.ts';

const REQUESTS = Number(process.argv[2] ?? 40);

const database = await openDatabase({ kind: 'pglite-memory' });
await database.migrate();
const config = loadConfig({ DATA_DIR: '.tmp/unused', API_KEY_CACHE_TTL_MS: '60000', RATE_LIMIT_PER_MINUTE: '1000000', PUBLIC_WEBHOOK_FAILURES_PER_MINUTE: '1000000' });
const app: FastifyInstance = await buildApp({ config, database, logger: false });
await app.ready();
const company = await createCompany(database.db, 'Bench');
const key = await createApiKey(database.db, { companyId: company.id, name: 'bench', permissions: ['all'], rateLimitPerMinute: 1_000_000 });
await app.inject({ method: 'PUT', url: `/api/v1/leadscoring/settings/${company.id}`, headers: { authorization: `Bearer ${key.key}` }, payload: { max_submissions_per_hour: 100_000 } });
const auth = { authorization: `Bearer ${key.key}`, 'content-type': 'application/json' };

let n = 0;
const typicalLead = () => JSON.stringify({ full_name: 'Sarah Chen', email: `sarah+${++n}@example.com`, phone: '+44 7911 123456', budget: '£500k', payment_method: 'mortgage', timeline: '3 months', location: 'London', bedrooms: 2, source: 'Website' });

/** Attributes filled to the byte cap with the costliest shape: 99 long keys and many tiny nested arrays. */
const LARGEST_ATTRIBUTES = (() => {
  const attributes: Record<string, unknown> = {};
  for (let i = 0; i < 99; i++) attributes[`k${String(i).padStart(97, '0')}`] = 1;
  const room = ATTRIBUTES_MAX_BYTES - JSON.stringify({ ...attributes, list: [] }).length;
  attributes.list = Array.from({ length: Math.floor(room / 8) }, () => [1, [2]]); // "[1,[2]]," is 8 bytes
  return attributes;
})();

/** Every field at its limit. */
function largestLead(): string {
  const email = `${++n}`.padEnd(64, 'e') + '@' + 'd'.repeat(180) + '.example';
  const attributes = LARGEST_ATTRIBUTES;
  const utm = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`utm_${'k'.repeat(58)}${i}`, 'v'.repeat(500)]));
  const text = (len: number) => 'Buyer looking to move within 28 days, cash, '.repeat(Math.ceil(len / 44)).slice(0, len);
  return JSON.stringify({
    full_name: 'S'.repeat(100) + ' ' + 'C'.repeat(99), email, phone: '+44 7911 123456'.padEnd(40, '0'), budget: '£450k-£550k '.padEnd(100, 'x'),
    payment_method: text(200), timeline: text(200), purpose: text(200), location: text(200), notes: text(5000), source: 'W'.repeat(100),
    bedrooms: 20, utm, attributes,
  });
}

/** Refused: 1 MiB of nested arrays in attributes (what once cost 1.5 s to check). */
const refusedBody = `{"full_name":"A","email":"a@example.com","attributes":{"list":[${Array.from({ length: 120_000 }, () => '[1,[2]]').join(',')}]}}`;

function delivery(answers: number, titleLength: number) {
  const fields = [] as { id: string; title: string; type: string; ref?: string }[];
  const list = [] as unknown[];
  const add = (title: string, answer: Record<string, unknown>, ref?: string) => {
    const id = `f${fields.length}`;
    fields.push({ id, title, type: 'short_text', ...(ref ? { ref } : {}) });
    list.push({ ...answer, field: { id, type: 'short_text' } });
  };
  add('First name', { type: 'text', text: 'Sarah' });
  add('Surname', { type: 'text', text: 'Chen' });
  add('Email', { type: 'email', email: `tf+${++n}@example.com` });
  add('Phone', { type: 'phone_number', phone_number: '+447911123456' });
  add('Budget', { type: 'text', text: '£500k' });
  // The rest: long question titles ("where …", the words the location rule looks for) with
  // short answers that become attributes.
  for (let i = list.length; i < answers; i++) add(`where ${'where '.repeat(titleLength)}`.slice(0, titleLength), { type: 'number', number: i }, `q_${i}`);
  return JSON.stringify({
    event_id: `e${n}`, event_type: 'form_response',
    form_response: { form_id: 'f', token: `t${n}`, submitted_at: '2026-11-20T10:01:44Z', hidden: { client_id: company.id, consent_ip: '81.2.69.142' }, definition: { fields }, answers: list },
  });
}

interface Cost {
  status: number;
  cpu_ms_per_request: number;
  loop_max_ms: number;
  loop_p99_ms: number;
  bytes: number;
}

/** Sequential requests: CPU of this process per request (app and PGlite) and the event loop's worst stall. */
async function measure(make: () => { method: 'GET' | 'POST'; url: string; payload?: string; headers?: Record<string, string> }): Promise<Cost> {
  for (let i = 0; i < 3; i++) await app.inject({ headers: auth, ...make() }); // warm-up
  // Bodies are built before the clock starts: only the server's work is measured.
  const prepared = Array.from({ length: REQUESTS }, make);
  const bytes = Buffer.byteLength(prepared[0]!.payload ?? '');
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const cpu = process.cpuUsage();
  let status = 0;
  for (const req of prepared) {
    const res = await app.inject({ headers: auth, ...req });
    status = res.statusCode;
  }
  const used = process.cpuUsage(cpu);
  loop.disable();
  return {
    status,
    cpu_ms_per_request: Math.round(((used.user + used.system) / 1000 / REQUESTS) * 100) / 100,
    loop_max_ms: Math.round(loop.max / 1e4) / 100,
    loop_p99_ms: Math.round(loop.percentile(99) / 1e4) / 100,
    bytes,
  };
}

const post = (url: string, body: () => string) => () => ({ method: 'POST' as const, url, payload: body() });
const webhook = (body: () => string) => () => ({ method: 'POST' as const, url: '/api/v1/leadscoring/webhook', payload: body(), headers: { 'content-type': 'application/json' } });

const requests = {
  'POST /leads, an ordinary lead (reference)': await measure(post('/api/v1/leads', typicalLead)),
  'POST /leads, every field at its limit, attributes 32 KiB of nested arrays': await measure(post('/api/v1/leads', largestLead)),
  'POST /leads, 1 MiB of nested arrays (refused, 400)': await measure(post('/api/v1/leads', () => refusedBody)),
  'Typeform webhook, 5 answers (reference)': await measure(webhook(() => delivery(5, 20))),
  [`Typeform webhook, ${TYPEFORM_LIMITS.answers} answers with ${TYPEFORM_LIMITS.title}-character "where" titles`]: await measure(webhook(() => delivery(TYPEFORM_LIMITS.answers, TYPEFORM_LIMITS.title))),
  'Typeform webhook, a 250 KB "where" title (refused, 400)': await measure(webhook(() => delivery(8, 250_000))),
};

// The largest list page: 100 leads each carrying attributes at the cap.
for (let i = 0; i < 100; i++) await app.inject({ method: 'POST', url: '/api/v1/leads', headers: auth, payload: largestLead() });

async function page(url: string, concurrent: number) {
  const one = await app.inject({ method: 'GET', url, headers: auth });
  global.gc?.();
  const base = process.memoryUsage();
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss - base.rss)), 2);
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrent }, () => app.inject({ method: 'GET', url, headers: auth })));
  const ms = performance.now() - started;
  clearInterval(sampler);
  return { status: one.statusCode, bytes: one.body.length, concurrent, ms_for_all: Math.round(ms), peak_rss_growth_mb: Math.round(peak / 1e5) / 10 };
}

const pages = {
  'GET /leads?per_page=100 (attributes left out)': await page('/api/v1/leads?per_page=100', 10),
  'GET /leads?per_page=100&expand=attributes (each at 32 KiB)': await page('/api/v1/leads?per_page=100&expand=attributes', 10),
};

await app.close();
await database.close();
console.log(JSON.stringify({ bench: 'hostile-input', requests_each: REQUESTS, requests, pages, node: process.version }));
