/**
 * A Redis outage, on a real `naybourhood serve` process whose Redis connection goes through a
 * local TCP proxy that starts swallowing every byte (a partition: nothing refused, nothing
 * answered). Requests must stay fast, the rate limit must keep holding (each process counts
 * locally while Redis is away), /readyz must say 503, the log must not flood, and all of it must
 * come back without a restart.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { createTestDatabase, REDIS_URL, TEST_DATABASE_URL } from './helpers/database.ts';
import { startServerProcess } from './helpers/server-process.ts';
import { startTcpProxy } from './helpers/tcp-proxy.ts';

const LIMIT = 5;

async function freshDatabase() {
  const database = await createTestDatabase();
  after(() => database.drop());
  return database;
}

function tempDir() {
  const dir = mkdtempSync(path.join(tmpdir(), 'nb-redis-fault-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('Redis outage through a TCP proxy', { skip: REDIS_URL ? false : 'needs REDIS_URL (a Redis server behind a TCP proxy)' }, () => {
  test('fails fast, limits locally, reports not ready, logs a few lines, recovers without a restart', async () => {
    // PostgreSQL when there is one (a faster start than a fresh embedded database).
    const storage: Record<string, string> = TEST_DATABASE_URL ? { DATABASE_URL: (await freshDatabase()).url! } : { DATA_DIR: tempDir() };
    const proxy = await startTcpProxy(REDIS_URL!);
    const server = await startServerProcess({ ...storage, REDIS_URL: proxy.url, RATE_LIMIT_PER_MINUTE: String(LIMIT), REDIS_COMMAND_TIMEOUT_MS: '300' }, ['--role', 'api']);
    const headers = { authorization: `Bearer ${server.demoKey}` };
    const call = async () => {
      const started = performance.now();
      const res = await fetch(`${server.url}/api/v1/leads?per_page=1`, { headers });
      await res.arrayBuffer();
      return { status: res.status, ms: performance.now() - started };
    };
    assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
    // Two requests counted in Redis before the outage.
    for (let i = 0; i < 2; i++) assert.equal((await call()).status, 200);

    proxy.setMode('blackhole');
    const readiness = performance.now();
    const ready = await fetch(`${server.url}/readyz`);
    assert.equal(ready.status, 503);
    assert.deepEqual(await ready.json(), { status: 'redis_unavailable' });
    assert.ok(performance.now() - readiness < 2_000, '/readyz answered within 2 s');

    // The local limiter starts from zero: LIMIT more pass, the next is refused.
    const during = [];
    for (let i = 0; i < LIMIT + 1; i++) during.push(await call());
    assert.deepEqual(during.map((r) => r.status), [...Array(LIMIT).fill(200), 429], 'the limit holds while Redis is away');
    for (const r of during) assert.ok(r.ms < 1_500, `a request took ${Math.round(r.ms)} ms while Redis was away`);
    // Long enough for reconnection attempts to fail several times over.
    proxy.cut();
    await new Promise((r) => setTimeout(r, 3_000));
    assert.ok((await call()).ms < 1_500, 'still fast while Redis is disconnected');
    const lines = server.output().split('\n').filter((l) => /redis/i.test(l));
    assert.ok(lines.length <= 3, `Redis errors are logged at a bounded rate, not a flood:\n${lines.join('\n')}`);
    assert.doesNotMatch(server.output(), /Unhandled error event/);

    proxy.setMode('pass');
    const deadline = Date.now() + 10_000;
    while ((await fetch(`${server.url}/readyz`)).status !== 200) {
      assert.ok(Date.now() < deadline, 'ready again within 10 s of Redis answering');
      await new Promise((r) => setTimeout(r, 100));
    }
    // Counting is back in Redis, where this key stood at 2: three more pass, then 429.
    const back = [];
    for (let i = 0; i < LIMIT - 1; i++) back.push((await call()).status);
    assert.deepEqual(back, [200, 200, 200, 429]);
    assert.equal(await server.stop(), 0, server.output());
  });
});
