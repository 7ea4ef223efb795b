/**
 * Rate limits across real processes: two `naybourhood serve --role api` on one PostgreSQL. With one
 * Redis they share one exact counter per key, so a burst spread over both never gets more than the
 * key's limit accepted in a window. Without Redis each process counts alone (the README says so):
 * two processes accept up to twice the limit.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createCompany } from '../src/companies/service.ts';
import { createApiKey } from '../src/keys/service.ts';
import { createTestDatabase, REDIS_URL, TEST_DATABASE_URL, type TestDatabase } from './helpers/database.ts';
import { startServerProcess, type ServerProcess } from './helpers/server-process.ts';

const LIMIT = 12;

async function twoApiProcesses(database: TestDatabase, env: Record<string, string>): Promise<ServerProcess[]> {
  const servers = await Promise.all([0, 1].map(() => startServerProcess({ DATABASE_URL: database.url!, ...env }, ['--role', 'api'])));
  after(() => Promise.all(servers.map((s) => s.stop('SIGTERM'))));
  return servers;
}

async function keyWithLimit(database: TestDatabase, limit: number) {
  const company = await createCompany(database.db, 'Rate Limited Homes');
  return (await createApiKey(database.db, { companyId: company.id, name: 'burst', permissions: ['all'], rateLimitPerMinute: limit })).key;
}

/** `count` requests at once, alternating between the processes. */
async function burst(servers: ServerProcess[], key: string, count: number) {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const res = await fetch(`${servers[i % servers.length]!.url}/api/v1/leads?per_page=1`, { headers: { authorization: `Bearer ${key}` } });
      return { status: res.status, headers: res.headers, body: (await res.json()) as { error?: { code: string } } };
    }),
  );
}

const needs = (what: string[]) => (what.length ? `needs ${what.join(' and ')}` : false);

describe('rate limits across two API processes', () => {
  test(
    'with one Redis: never more than the key\'s limit accepted in a window, across both processes',
    { skip: needs([...(TEST_DATABASE_URL ? [] : ['TEST_DATABASE_URL (PostgreSQL)']), ...(REDIS_URL ? [] : ['REDIS_URL (Redis)'])]) },
    async () => {
      const database = await createTestDatabase();
      after(() => database.drop());
      const key = await keyWithLimit(database, LIMIT);
      const servers = await twoApiProcesses(database, { REDIS_URL: REDIS_URL! });
      const first = await burst(servers, key, LIMIT * 3);
      const accepted = first.filter((r) => r.status === 200);
      assert.equal(accepted.length, LIMIT, `accepted ${accepted.length} of ${LIMIT * 3}; statuses ${first.map((r) => r.status).join(',')}`);
      const limited = first.filter((r) => r.status === 429);
      assert.equal(limited.length, LIMIT * 2);
      for (const r of limited) {
        assert.equal(r.body.error?.code, 'RATE_LIMITED');
        assert.ok(Number(r.headers.get('retry-after')) > 0);
        assert.equal(r.headers.get('x-ratelimit-limit'), String(LIMIT));
      }
      // Later in the same window, neither process lets another request through.
      const second = await burst(servers, key, 10);
      assert.deepEqual(second.map((r) => r.status), Array(10).fill(429));
    },
  );

  test(
    'without Redis: each process counts alone, so two processes accept up to twice the limit',
    { skip: needs(TEST_DATABASE_URL ? [] : ['TEST_DATABASE_URL (PostgreSQL)']) },
    async () => {
      const database = await createTestDatabase();
      after(() => database.drop());
      const key = await keyWithLimit(database, LIMIT);
      const servers = await twoApiProcesses(database, {});
      const results = await burst(servers, key, LIMIT * 3);
      assert.equal(results.filter((r) => r.status === 200).length, LIMIT * 2);
      for (const s of servers) {
        const own = await fetch(`${s.url}/api/v1/leads`, { headers: { authorization: `Bearer ${key}` } });
        assert.equal(own.status, 429, 'each process has used up its own count');
      }
    },
  );
});
