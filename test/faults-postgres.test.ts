/**
 * PostgreSQL faults, on a real `naybourhood serve` process whose every database connection goes
 * through a local TCP proxy: connections cut under load, a database that stops answering
 * (blackhole), and a draining shutdown while the database is slow. The process must stay up,
 * answer 503 in the error format within bounded time, recover without a restart, and never reset
 * a request in flight.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from './helpers/database.ts';
import { startServerProcess, type ServerProcess } from './helpers/server-process.ts';
import { startTcpProxy } from './helpers/tcp-proxy.ts';

const skip = TEST_DATABASE_URL ? false : 'needs TEST_DATABASE_URL (a PostgreSQL server behind a TCP proxy)';
const run = randomBytes(3).toString('hex');
let sequence = 0;

function postLead(server: ServerProcess, key: string) {
  const email = `fault.${run}.${sequence++}@example.com`;
  return fetch(`${server.url}/api/v1/leads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ full_name: 'Fault Test', email, phone: '+44 7911 123456', budget: '£450k', timeline: '28 days' }),
  });
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

async function eventually(what: string, check: () => Promise<boolean>, withinMs: number) {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`${what} within ${withinMs} ms`);
}

const ready = (server: ServerProcess) => fetch(`${server.url}/readyz`).then((r) => r.status === 200);

describe('PostgreSQL faults through a TCP proxy', { skip }, () => {
  // Each test starts on an empty database, so its first start prints a demo key.
  const databases: TestDatabase[] = [];
  const databaseForTest = async () => {
    const database = await createTestDatabase();
    databases.push(database);
    return database;
  };
  after(() => Promise.all(databases.map((d) => d.drop())));

  test('connections cut under load: the process lives, failed requests get 503 in the error format, the pool recovers', async () => {
    const proxy = await startTcpProxy((await databaseForTest()).url!);
    const server = await startServerProcess({ DATABASE_URL: proxy.url, RATE_LIMIT_PER_MINUTE: '1000000' }, ['--role', 'api']);
    const key = server.demoKey!;
    const statuses = new Map<number, number>();
    const unavailableBodies: unknown[] = [];
    let resets = 0;
    let stopped = false;
    const clients = Array.from({ length: 8 }, async () => {
      while (!stopped) {
        try {
          const res = await postLead(server, key);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          const body = await res.json();
          if (res.status === 503) unavailableBodies.push(body);
        } catch {
          resets++;
          if (server.proc.exitCode !== null) return;
        }
      }
    });
    for (const at of [400, 500, 500, 500]) {
      await new Promise((r) => setTimeout(r, at));
      proxy.cut();
    }
    await new Promise((r) => setTimeout(r, 300));
    stopped = true;
    await Promise.all(clients);

    assert.equal(server.proc.exitCode, null, `the process is still running:\n${server.output()}`);
    assert.equal(resets, 0, 'no request was answered with a reset connection');
    assert.deepEqual([...statuses.keys()].filter((s) => s !== 201 && s !== 503), [], `only 201 and 503: ${JSON.stringify([...statuses])}`);
    assert.ok((statuses.get(503) ?? 0) > 0, 'the cuts hit requests in flight');
    for (const body of unavailableBodies) assert.equal((body as { error: { code: string } }).error.code, 'SERVICE_UNAVAILABLE');
    // Recovery without a restart: the pool replaced the cut connections.
    assert.equal((await postLead(server, key)).status, 201);
    assert.ok(await ready(server));
    assert.doesNotMatch(server.output(), /Unhandled 'error' event/);
    assert.equal(await server.stop(), 0, server.output());
  });

  test('a database that stops answering: /readyz 503 within 2 s, requests 503 in bounded time, recovery when it answers again', async () => {
    const proxy = await startTcpProxy((await databaseForTest()).url!);
    const server = await startServerProcess(
      { DATABASE_URL: proxy.url, DATABASE_CONNECT_TIMEOUT_MS: '1000', DATABASE_STATEMENT_TIMEOUT_MS: '1000' },
      ['--role', 'api'],
    );
    const key = server.demoKey!;
    assert.equal((await postLead(server, key)).status, 201);

    proxy.setMode('blackhole');
    const readiness = await timed(() => fetch(`${server.url}/readyz`));
    assert.equal(readiness.value.status, 503);
    assert.deepEqual(await readiness.value.json(), { status: 'database_unavailable' });
    assert.ok(readiness.ms < 2_000, `/readyz answered in ${Math.round(readiness.ms)} ms`);
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200, 'the process itself is alive');

    // Connection 1 s; a statement 1 s (+1 s for a silent network), its rollback as long again.
    const writes = await Promise.all(Array.from({ length: 4 }, () => timed(() => postLead(server, key))));
    for (const write of writes) {
      assert.equal(write.value.status, 503);
      assert.equal(((await write.value.json()) as { error: { code: string } }).error.code, 'SERVICE_UNAVAILABLE');
      assert.equal(write.value.headers.get('retry-after'), '1');
      assert.ok(write.ms < 8_000, `a write answered 503 after ${Math.round(write.ms)} ms`);
    }

    proxy.setMode('pass');
    proxy.cut(); // the blackholed connections lost bytes: they can only be dropped
    await eventually('/readyz is 200 again', () => ready(server), 10_000);
    assert.equal((await postLead(server, key)).status, 201);
    assert.equal(await server.stop(), 0, server.output());
  });

  test('SIGTERM drains: /readyz 503 while requests still flow, the request in flight is answered, then exit 0', async () => {
    const db = await databaseForTest();
    const proxy = await startTcpProxy(db.url!);
    const server = await startServerProcess({ DATABASE_URL: proxy.url, SHUTDOWN_DELAY_MS: '1000' });
    const key = server.demoKey!;
    assert.equal((await postLead(server, key)).status, 201);

    proxy.setMode('slow', 250); // every round trip to the database now takes 500 ms
    const email = `fault.${run}.${sequence}@example.com`;
    const inFlight = postLead(server, key);
    await new Promise((r) => setTimeout(r, 100));
    server.proc.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    const readiness = await fetch(`${server.url}/readyz`);
    assert.equal(readiness.status, 503, 'load balancers are told first');
    assert.deepEqual(await readiness.json(), { status: 'shutting_down' });
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200, 'new requests are still served during the delay');

    const answered = await inFlight;
    assert.equal(answered.status, 201, 'the request in flight finished');
    const lead = (await answered.json()) as { id: string; email: string };
    assert.equal(lead.email, email);
    assert.equal(await server.exited, 0, server.output());
    await assert.rejects(fetch(`${server.url}/healthz`), 'the listener is closed after the drain');
    const rows = await db.db.execute(sql`select id from leads where id = ${lead.id}`);
    assert.equal((rows as unknown as { rows: unknown[] }).rows.length, 1, 'what was answered 201 is stored');
  });
});
