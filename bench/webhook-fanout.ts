/**
 * Webhook delivery benchmark: fan-out throughput from the events outbox to a local receiver, and
 * event-to-delivery latency (commit of the event → request at the receiver), with the real outbound
 * worker (dispatcher + delivery jobs) running in this process with the default settings.
 *
 *   node --import tsx bench/webhook-fanout.ts pglite              # a fresh PGlite folder under the OS temp dir
 *   node --import tsx bench/webhook-fanout.ts postgres [admin-url] # creates and drops its own database
 *                                                                   # (admin URL defaults to $TEST_DATABASE_URL)
 * Options (env): EVENTS [2000], SUBSCRIPTIONS [2], LATENCY_SAMPLES [200]. The last line of output is JSON.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createCompany } from '../src/companies/service.ts';
import { loadConfig } from '../src/config.ts';
import { loadSecretBox } from '../src/crypto/secret-box.ts';
import { openDatabase, type Database } from '../src/db/client.ts';
import { webhookSubscriptions } from '../src/db/schema/index.ts';
import { recordEvents } from '../src/events/outbox.ts';
import { createOutboundWorker } from '../src/workers/outbound.ts';
import { secretContext } from '../src/webhooks/delivery.ts';

const kind = process.argv[2] === 'postgres' ? 'postgres' : 'pglite';
const EVENTS = Number(process.env.EVENTS ?? 2000);
const SUBSCRIPTIONS = Number(process.env.SUBSCRIPTIONS ?? 2);
const SAMPLES = Number(process.env.LATENCY_SAMPLES ?? 200);

// The receiver: answers 200 at once and notes when each (event, subscription) first arrived.
const arrivals = new Map<string, number>();
const waiters = new Map<string, () => void>();
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const key = `${req.headers['x-webhook-id']}|${req.url}`;
    if (!arrivals.has(key)) arrivals.set(key, performance.now());
    waiters.get(key)?.();
    res.writeHead(200).end('ok');
  });
});
server.keepAliveTimeout = 60_000;
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const { database, cleanup } = await open();
try {
  await database.migrate();
  const config = loadConfig({ WEBHOOK_CONCURRENCY: process.env.WEBHOOK_CONCURRENCY ?? '', WEBHOOK_POLL_MS: process.env.WEBHOOK_POLL_MS ?? '', WEBHOOK_ALLOW_PRIVATE_URLS: 'true', DATA_DIR: '.tmp/unused' });
  const db = database.db;
  const company = await createCompany(db, 'Bench Homes');
  const box = await loadSecretBox(db, config);
  const subPaths: string[] = [];
  for (let i = 0; i < SUBSCRIPTIONS; i++) {
    const id = randomUUID();
    subPaths.push(`/s${i}`);
    await db.insert(webhookSubscriptions).values({
      id, companyId: company.id, url: `${base}/s${i}`, events: ['lead.created'], secretCiphertext: box.seal('whsec_bench', secretContext(id)),
      createdAt: new Date(Date.now() - 60_000),
    });
  }

  // 1. Throughput: a backlog of events, then the worker drains it.
  for (let i = 0; i < EVENTS; i += 500) {
    const n = Math.min(500, EVENTS - i);
    await db.transaction((tx) => recordEvents(tx, company.id, Array.from({ length: n }, (_, j) => ({ type: 'lead.created' as const, data: { n: i + j, lead: { full_name: 'Bench Buyer', email: `b${i + j}@example.com` } } }))));
  }
  const expected = EVENTS * SUBSCRIPTIONS;
  const worker = createOutboundWorker({ config, database });
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  worker.start();
  while (arrivals.size < expected) await new Promise((r) => setTimeout(r, 5));
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  // CPU time of this process (worker + receiver) per delivery: a figure that a busy machine does not distort.
  const cpuUsPerDelivery = Math.round((cpu.user + cpu.system) / expected);
  const throughput = Math.round(expected / seconds);
  console.log(`${kind}: ${expected} deliveries (${EVENTS} events × ${SUBSCRIPTIONS} subscriptions) in ${seconds.toFixed(2)} s → ${throughput} deliveries/s; ${cpuUsPerDelivery} µs CPU per delivery in this process; load average ${os.loadavg()[0]!.toFixed(1)}`);

  // 2. Latency: one event at a time into an idle worker, commit → arrival at the receiver.
  const latencies: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    // Real events arrive at any point of the dispatcher's poll cycle. Waiting a random part of one
    // whole cycle keeps the samples from locking onto one phase of it (20 ms of a 50 ms cycle did).
    await new Promise((r) => setTimeout(r, Math.random() * config.webhookPollMs));
    let eventId = '';
    await db.transaction(async (tx) => {
      await recordEvents(tx, company.id, [{ type: 'lead.created', data: { sample: i } }]);
    });
    const committed = performance.now();
    // The id is chosen by recordEvents; find it from the first arrival after the commit.
    const key = await new Promise<string>((resolve) => {
      const seen = new Set(arrivals.keys());
      const poll = setInterval(() => {
        for (const k of arrivals.keys()) if (!seen.has(k) && k.endsWith(subPaths[0]!)) {
          clearInterval(poll);
          resolve(k);
        }
      }, 1);
    });
    eventId = key;
    latencies.push(arrivals.get(eventId)! - committed);
  }
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]! * 10) / 10;
  console.log(`${kind}: event → delivery latency over ${SAMPLES} events: p50 ${pct(50)} ms, p95 ${pct(95)} ms, p99 ${pct(99)} ms (poll ${config.webhookPollMs} ms)`);
  await worker.stop();
  console.log(JSON.stringify({
    database: kind, events: EVENTS, subscriptions: SUBSCRIPTIONS, deliveries: expected, seconds: Number(seconds.toFixed(3)),
    deliveries_per_s: throughput, cpu_us_per_delivery: cpuUsPerDelivery, load_average: Number(os.loadavg()[0]!.toFixed(1)), latency_ms: { p50: pct(50), p95: pct(95), p99: pct(99) }, poll_ms: config.webhookPollMs,
    concurrency: config.webhookConcurrency, cpus: os.cpus().length, node: process.version,
  }));
} finally {
  await database.close();
  await cleanup();
  server.close();
}

async function open(): Promise<{ database: Database; cleanup: () => Promise<void> }> {
  if (kind === 'pglite') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nb-bench-'));
    return { database: await openDatabase({ kind: 'pglite', dataDir }), cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const admin = process.argv[3] ?? process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error('Give a PostgreSQL admin URL (argument or TEST_DATABASE_URL)');
  const name = `nb_bench_${randomBytes(4).toString('hex')}`;
  const adminQuery = async (q: string) => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  await adminQuery(`create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { database: await openDatabase({ kind: 'postgres', url: url.toString() }), cleanup: () => adminQuery(`drop database if exists ${name} with (force)`) };
}
