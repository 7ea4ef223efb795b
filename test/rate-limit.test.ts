import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { createApiKey } from '../src/keys/service.ts';
import { startTestApp } from './helpers/app.ts';
import { REDIS_URL } from './helpers/database.ts';

const { app, tenant, database } = await startTestApp();

describe('rate limiting per API key', () => {
  test('the key\'s own limit: the request past it is a 429 with Retry-After, in the error format', async () => {
    const t = await tenant(['all']);
    const key = await t.newKey(['all'], { rateLimitPerMinute: 3 });
    const call = () => app.inject({ method: 'GET', url: '/api/v1/leads', headers: { authorization: `Bearer ${key}` } });
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await call();
      assert.equal(res.statusCode, 200);
      remaining.push(String(res.headers['x-ratelimit-remaining']));
    }
    assert.deepEqual(remaining, ['2', '1', '0']);
    const limited = await call();
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.json().error.code, 'RATE_LIMITED');
    assert.equal(limited.headers['x-ratelimit-limit'], '3');
    assert.equal(limited.headers['x-ratelimit-remaining'], '0');
    assert.ok(Number(limited.headers['retry-after']) > 0);
    assert.ok(Number(limited.headers['x-ratelimit-reset']) > 0);
  });

  test('limits are per key: another key of the same company is unaffected', async () => {
    const t = await tenant(['all']);
    const a = await t.newKey(['all'], { rateLimitPerMinute: 1 });
    const b = await t.newKey(['all'], { rateLimitPerMinute: 1 });
    const call = (key: string) => app.inject({ method: 'GET', url: '/api/v1/leads', headers: { authorization: `Bearer ${key}` } });
    assert.equal((await call(a)).statusCode, 200);
    assert.equal((await call(a)).statusCode, 429);
    assert.equal((await call(b)).statusCode, 200);
  });

  test('a key without its own limit gets RATE_LIMIT_PER_MINUTE', async () => {
    const other = await startTestApp({ RATE_LIMIT_PER_MINUTE: '2' }, { database });
    const t = await other.tenant(['all']);
    const plain = await createApiKey(database.db, { companyId: t.companyId, name: 'default limit', permissions: ['all'] });
    const res = await other.app.inject({ method: 'GET', url: '/api/v1/leads', headers: { authorization: `Bearer ${plain.key}` } });
    assert.equal(res.headers['x-ratelimit-limit'], '2');
  });

  test('without Redis, two processes each count alone', async () => {
    const second = await startTestApp({}, { database });
    const t = await tenant(['all']);
    const key = await t.newKey(['all'], { rateLimitPerMinute: 2 });
    const headers = { authorization: `Bearer ${key}` };
    for (const instance of [app, second.app, app, second.app]) {
      assert.equal((await instance.inject({ method: 'GET', url: '/api/v1/leads', headers })).statusCode, 200);
    }
    assert.equal((await app.inject({ method: 'GET', url: '/api/v1/leads', headers })).statusCode, 429);
  });

  test(
    'with Redis, two API processes share one counter: never more than the limit across both',
    { skip: REDIS_URL ? false : 'needs REDIS_URL (a Redis server)' },
    async () => {
      const clients = [new Redis(REDIS_URL!), new Redis(REDIS_URL!)];
      after(() => Promise.all(clients.map((c) => c.quit())));
      const [one, two] = await Promise.all(clients.map((redis) => startTestApp({}, { database, redis })));
      const t = await one!.tenant(['all']);
      const key = await t.newKey(['all'], { rateLimitPerMinute: 10 });
      const headers = { authorization: `Bearer ${key}` };
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) => (i % 2 ? one! : two!).app.inject({ method: 'GET', url: '/api/v1/leads', headers })),
      );
      const codes = results.map((r) => r.statusCode);
      assert.equal(codes.filter((c) => c === 200).length, 10);
      assert.equal(codes.filter((c) => c === 429).length, 20);
    },
  );
});
