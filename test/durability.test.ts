/**
 * "A 2xx means committed", proven the hard way: many concurrent clients create leads through a
 * real `naybourhood serve` process, which is SIGKILLed mid-stream and restarted (twice on
 * PostgreSQL, once on PGlite; DURABILITY_CYCLES=n for more).
 * After the last restart every lead that was answered 2xx is there, with its lead.created and
 * lead.scored events in the outbox, and its lead.created event has reached a real receiving
 * server through a signed webhook (at least once: the receiver dedupes on X-Webhook-Id). Requests cut off by the kill may or may not have landed;
 * nothing is promised about them. Runs on PGlite (files in DATA_DIR) and, when TEST_DATABASE_URL
 * is set, on PostgreSQL. When POST /api/v1/webhook/lead-created exists, half the clients use it.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../src/db/client.ts';
import { createTestDatabase, TEST_DATABASE_URL } from './helpers/database.ts';
import { startServerProcess, type ServerProcess } from './helpers/server-process.ts';
import { startReceiver, type Endpoint } from './helpers/receiver.ts';

const CLIENTS = 16;
/**
 * Kill-and-restart rounds before the final check (the second proves recovery survives another
 * crash). A PGlite start costs seconds on a busy machine, so PGlite does one unless asked.
 */
const CYCLES = (fallback: number) => Number(process.env.DURABILITY_CYCLES ?? fallback);
const LOAD_MS = 1_500;
/** On a busy machine a cold server is slow: keep the load going until this many answers came back. */
const MIN_ACKED_PER_CYCLE = 15;

interface Acked {
  id: string;
  email: string;
  via: string;
}

/** Clients post leads until told to stop; every 2xx is recorded with the id the server gave. */
function startLoad(server: ServerProcess, key: string, inbound: boolean) {
  const acked: Acked[] = [];
  const failures = { count: 0 };
  let stopped = false;
  const run = randomBytes(3).toString('hex');
  const clients = Array.from({ length: CLIENTS }, async (_, c) => {
    const via = inbound && c % 2 === 1 ? '/api/v1/webhook/lead-created' : '/api/v1/leads';
    for (let n = 0; !stopped; n++) {
      const email = `durable.${run}.${c}.${n}@example.com`;
      try {
        const res = await fetch(`${server.url}${via}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ full_name: `Durable ${c} ${n}`, email, phone: '+44 7911 123456', budget: '£450k', payment_method: 'cash', timeline: '28 days' }),
        });
        const body = (await res.json()) as { id?: string; buyer_id?: string };
        if (res.ok) acked.push({ id: (body.id ?? body.buyer_id)!, email, via });
        else failures.count++;
      } catch {
        failures.count++; // the connection died with the server: outcome unknown, nothing promised
        if (server.proc.exitCode !== null || server.proc.signalCode !== null) return;
      }
    }
  });
  return {
    acked,
    failures,
    async stop() {
      stopped = true;
      await Promise.all(clients);
    },
  };
}

async function crashCycle(env: Record<string, string>, key: string | undefined, subscribeTo?: Endpoint) {
  const server = await startServerProcess(env);
  const apiKey = key ?? server.demoKey;
  assert.ok(apiKey, `the first start printed a key:\n${server.output()}`);
  if (subscribeTo) {
    const res = await fetch(`${server.url}/api/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: subscribeTo.url, events: ['lead.created'] }),
    });
    assert.equal(res.status, 201, await res.text());
  }
  const doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
  const inbound = Boolean(doc.paths['/api/v1/webhook/lead-created']?.post);
  const load = startLoad(server, apiKey, inbound);
  const started = Date.now();
  while (Date.now() - started < LOAD_MS || load.acked.length < MIN_ACKED_PER_CYCLE) {
    if (Date.now() - started > 30_000) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  server.proc.kill('SIGKILL');
  await server.exited;
  await load.stop();
  return { key: apiKey, acked: load.acked, failures: load.failures.count, inbound };
}

async function verify(env: Record<string, string>, key: string, acked: Acked[], receiver: Endpoint) {
  const server = await startServerProcess(env);
  try {
    await verifyDelivered(receiver, acked);
    const missing: string[] = [];
    for (let i = 0; i < acked.length; i += 16) {
      await Promise.all(
        acked.slice(i, i + 16).map(async (a) => {
          const res = await fetch(`${server.url}/api/v1/leads/${a.id}`, { headers: { authorization: `Bearer ${key}` } });
          const lead = (await res.json()) as { email?: string };
          if (res.status !== 200 || lead.email !== a.email) missing.push(`${a.via} ${a.id} ${a.email}: ${res.status}`);
        }),
      );
    }
    assert.deepEqual(missing, [], `${missing.length} of ${acked.length} acknowledged leads are missing after the crash`);
  } finally {
    assert.equal(await server.stop('SIGTERM'), 0, server.output());
  }
}

/** The restarted server's workers finish what the killed ones left: every lead.created arrives. */
async function verifyDelivered(receiver: Endpoint, acked: Acked[]) {
  const deliveredLeadIds = () =>
    new Set(
      receiver.received
        .map((r) => JSON.parse(r.body) as { type: string; data: { lead?: { id: string } } })
        .filter((e) => e.type === 'lead.created')
        .map((e) => e.data.lead!.id),
    );
  const deadline = Date.now() + 90_000;
  let undelivered = acked;
  while (Date.now() < deadline) {
    const got = deliveredLeadIds();
    undelivered = acked.filter((a) => !got.has(a.id));
    if (undelivered.length === 0) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.deepEqual(undelivered.map((a) => a.id), [], `every acknowledged lead's lead.created was delivered`);
  const ids = receiver.received.map((r) => r.headers['x-webhook-id']);
  assert.ok(ids.every(Boolean), 'every delivery carries X-Webhook-Id, so receivers can dedupe');
}

async function verifyEvents(database: Database, acked: Acked[]) {
  const created = await database.db.execute(sql`select data->'lead'->>'id' as id from events where type = 'lead.created'`);
  const scored = await database.db.execute(sql`select data->>'lead_id' as id from events where type = 'lead.scored'`);
  const ids = (r: unknown) => new Set((r as { rows: { id: string }[] }).rows.map((x) => x.id));
  const createdIds = ids(created);
  const scoredIds = ids(scored);
  const noCreated = acked.filter((a) => !createdIds.has(a.id));
  const noScored = acked.filter((a) => !scoredIds.has(a.id));
  assert.deepEqual(noCreated.map((a) => a.id), [], 'every acknowledged lead has its lead.created event');
  assert.deepEqual(noScored.map((a) => a.id), [], 'every acknowledged lead has its lead.scored event');
}

async function scenario(baseEnv: Record<string, string>, cycles: number, openForChecks: () => Promise<Database>) {
  const receiving = await startReceiver();
  const receiver = receiving.endpoint();
  // Short time-out and lease, so jobs a killed worker held come back within seconds.
  const env = { ...baseEnv, WEBHOOK_ALLOW_PRIVATE_URLS: 'true', WEBHOOK_RETRY_BASE_MS: '100', WEBHOOK_TIMEOUT_MS: '2000', WEBHOOK_JOB_LEASE_MS: '3000' };
  const first = await crashCycle(env, undefined, receiver);
  const runs = [first];
  for (let i = 1; i < cycles; i++) runs.push(await crashCycle(env, first.key));
  const acked = runs.flatMap((r) => r.acked);
  assert.ok(acked.length >= cycles * MIN_ACKED_PER_CYCLE, `enough load to mean something: ${acked.length} acknowledged`);
  assert.ok(runs.every((r) => r.failures > 0), 'each kill cut requests off mid-stream');
  if (first.inbound) assert.ok(acked.some((a) => a.via.includes('webhook')), 'the inbound webhook took part');
  await verify(env, first.key, acked, receiver);
  const database = await openForChecks();
  try {
    await verifyEvents(database, acked);
  } finally {
    await database.close();
  }
  return acked.length;
}

describe('durability: SIGKILL mid-stream loses no acknowledged lead', () => {
  test('on PGlite (DATA_DIR)', async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nb-durable-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const env = { DATA_DIR: dir, RATE_LIMIT_PER_MINUTE: '1000000' };
    // The server has stopped cleanly by now, so the test may open the embedded database itself.
    const n = await scenario(env, CYCLES(1), () => openDatabase({ kind: 'pglite', dataDir: dir }));
    t.diagnostic(`${n} acknowledged leads survived ${CYCLES(1)} SIGKILL(s)`);
  });

  test('on PostgreSQL', { skip: TEST_DATABASE_URL ? false : 'needs TEST_DATABASE_URL (a PostgreSQL server)' }, async (t) => {
    const database = await createTestDatabase();
    after(() => database.drop());
    const env = { DATABASE_URL: database.url!, RATE_LIMIT_PER_MINUTE: '1000000' };
    const n = await scenario(env, CYCLES(2), async () => ({ ...database, close: async () => undefined }));
    t.diagnostic(`${n} acknowledged leads survived ${CYCLES(2)} SIGKILLs`);
  });
});
