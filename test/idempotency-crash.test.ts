/**
 * An Idempotency-Key claimed by a process that is then killed with SIGKILL must not block the key
 * for 24 hours. Real `naybourhood serve` processes on PostgreSQL: clients post leads, each with its
 * own key, through a slowed database connection (so many requests are mid-way), the process is
 * SIGKILLed, and a new process gets every unanswered request again with the same key. Within the
 * lease a retry is told the key is still being processed; after it, each retry either does the
 * work (201) or meets the work already done (409 naming the existing lead) — and every email ends
 * up with exactly one lead.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../src/db/client.ts';
import { createTestDatabase, TEST_DATABASE_URL } from './helpers/database.ts';
import { startServerProcess, type ServerProcess } from './helpers/server-process.ts';
import { startTcpProxy } from './helpers/tcp-proxy.ts';

const LEASE_MS = 2_000;
const CLIENTS = 12;

interface Attempt {
  key: string;
  email: string;
  answered?: number;
}

function post(server: ServerProcess, apiKey: string, attempt: Attempt) {
  return fetch(`${server.url}/api/v1/leads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', 'idempotency-key': attempt.key },
    body: JSON.stringify({ full_name: 'Crash Retry', email: attempt.email, budget: '£450k', timeline: '28 days' }),
  });
}

describe('Idempotency-Key after SIGKILL', { skip: TEST_DATABASE_URL ? false : 'needs TEST_DATABASE_URL (PostgreSQL)' }, () => {
  test('an unanswered claim expires with its lease: the retry does the work once, never a 24-hour 409', async () => {
    const database = await createTestDatabase();
    after(() => database.drop());
    const proxy = await startTcpProxy(database.url!);
    const env = { RATE_LIMIT_PER_MINUTE: '1000000', IDEMPOTENCY_LEASE_MS: String(LEASE_MS) };
    const first = await startServerProcess({ ...env, DATABASE_URL: proxy.url }, ['--role', 'api']);
    const apiKey = first.demoKey!;
    const run = randomBytes(3).toString('hex');
    const attempts: Attempt[] = [];
    proxy.setMode('slow', 40);
    let stopped = false;
    const clients = Array.from({ length: CLIENTS }, async (_, c) => {
      for (let n = 0; !stopped; n++) {
        const attempt: Attempt = { key: `crash-${run}-${c}-${n}`, email: `crash.${run}.${c}.${n}@example.com` };
        attempts.push(attempt);
        try {
          const res = await post(first, apiKey, attempt);
          await res.arrayBuffer();
          attempt.answered = res.status;
        } catch {
          return; // the process died with this request unanswered
        }
      }
    });
    await new Promise((r) => setTimeout(r, 2_500));
    first.proc.kill('SIGKILL');
    await first.exited;
    stopped = true;
    await Promise.all(clients);
    const unanswered = attempts.filter((a) => a.answered === undefined);
    const orphaned = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from idempotency_keys where status_code is null`);
    assert.ok(orphaned[0]!.n > 0, 'the kill left claims without an answer');

    const second = await startServerProcess({ ...env, DATABASE_URL: database.url! }, ['--role', 'api']);
    try {
      // Within the lease the claim still holds (a live process might be working on it).
      const early = await post(second, apiKey, unanswered[0]!);
      const earlyBody = (await early.json()) as { error?: { message: string } };
      if (early.status === 409 && /still being processed/.test(earlyBody.error?.message ?? '')) {
        await new Promise((r) => setTimeout(r, LEASE_MS));
      }
      const outcomes = await Promise.all(
        unanswered.map(async (a) => {
          const res = await post(second, apiKey, a);
          const body = (await res.json()) as { error?: { message: string; existing_lead_id?: string } };
          return { status: res.status, message: body.error?.message, existing: body.error?.existing_lead_id };
        }),
      );
      const stuck = outcomes.filter((o) => o.message && /still being processed/.test(o.message));
      assert.deepEqual(stuck, [], 'no retry is refused as still being processed once the lease is over');
      for (const o of outcomes) {
        assert.ok(o.status === 201 || (o.status === 409 && o.existing), `a retry did the work or found it done: ${JSON.stringify(o)}`);
      }
      const emails = attempts.filter((a) => a.answered === 201 || unanswered.includes(a)).map((a) => a.email);
      const counts = await queryRows<{ email: string; n: number }>(
        database.db,
        sql`select email, count(*)::int as n from leads where email in ${emails} group by email`,
      );
      assert.equal(counts.length, emails.length, 'every answered or retried request has its lead');
      assert.ok(counts.every((c) => c.n === 1), 'and exactly one');
    } finally {
      assert.equal(await second.stop(), 0, second.output());
    }
  });
});
