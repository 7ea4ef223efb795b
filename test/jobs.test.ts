import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { jobs } from '../src/db/schema/index.ts';
import { claimJobs, enqueueJobs } from '../src/jobs/queue.ts';
import { PermanentFailure, RetryLater, type JobHandler } from '../src/jobs/handler.ts';
import type { RetryPolicy } from '../src/jobs/retry.ts';
import { createJobWorker } from '../src/jobs/worker.ts';
import { createTestDatabase } from './helpers/database.ts';
import { after } from 'node:test';

const database = await createTestDatabase();
after(() => database.drop());
const db = database.db;
let kindCounter = 0;

/** Retries at once unless a test asks otherwise. */
const NO_WAIT: RetryPolicy = { maxAttempts: 10, baseMs: 0, factor: 1, maxDelayMs: 0 };

function handler(run: JobHandler['run'], retry: RetryPolicy = NO_WAIT): JobHandler {
  return { kind: `test.kind.${++kindCounter}`, run, retry };
}

const jobOf = async (id: string) => (await db.select().from(jobs).where(eq(jobs.id, id)))[0]!;
const jobsOfKind = (kind: string) => db.select().from(jobs).where(eq(jobs.kind, kind));

describe('job queue', () => {
  test('runs a due job once and marks it succeeded', async () => {
    const seen: unknown[] = [];
    const h = handler(async (job) => void seen.push(job.payload));
    await enqueueJobs(db, [{ kind: h.kind, payload: { n: 1 }, maxAttempts: 3 }]);
    const worker = createJobWorker({ name: 't', db, handlers: [h] });
    assert.equal(await worker.runOnce(), 1);
    assert.equal(await worker.runOnce(), 0);
    assert.deepEqual(seen, [{ n: 1 }]);
    const [row] = await jobsOfKind(h.kind);
    assert.equal(row!.status, 'succeeded');
    assert.equal(row!.attempts, 1);
    assert.ok(row!.finishedAt);
  });

  test('a failing job is retried until max attempts, then marked failed with the error', async () => {
    let calls = 0;
    const h = handler(async () => {
      calls++;
      throw new Error(`boom ${calls}`);
    });
    await enqueueJobs(db, [{ kind: h.kind, payload: {}, maxAttempts: 3 }]);
    const worker = createJobWorker({ name: 't', db, handlers: [h] });
    for (let i = 0; i < 5; i++) await worker.runOnce();
    assert.equal(calls, 3);
    const [row] = await jobsOfKind(h.kind);
    assert.equal(row!.status, 'failed');
    assert.equal(row!.lastError, 'boom 3');
  });

  test("a retry waits for its delay; a Retry-After may ask for longer, within the handler's bound", async () => {
    const h = handler(async () => {
      throw new RetryLater('busy', 60_000);
    }, { maxAttempts: 5, baseMs: 10, factor: 1, maxDelayMs: 120_000 });
    await enqueueJobs(db, [{ kind: h.kind, payload: {}, maxAttempts: 5 }]);
    const worker = createJobWorker({ name: 't', db, handlers: [h] });
    assert.equal(await worker.runOnce(), 1);
    assert.equal(await worker.runOnce(), 0, 'not due again for a minute');
    const [row] = await jobsOfKind(h.kind);
    assert.equal(row!.status, 'pending');
    assert.ok(row!.runAt.getTime() > Date.now() + 50_000);
  });

  test('a Retry-After longer than the policy allows is cut to its maximum', async () => {
    const h = handler(async () => {
      throw new RetryLater('come back tomorrow', 86_400_000);
    }, { maxAttempts: 5, baseMs: 10, factor: 1, maxDelayMs: 120_000 });
    await enqueueJobs(db, [{ kind: h.kind, payload: {}, maxAttempts: 5 }]);
    const before = Date.now();
    await createJobWorker({ name: 't', db, handlers: [h] }).runOnce();
    const [row] = await jobsOfKind(h.kind);
    assert.ok(row!.runAt.getTime() <= Date.now() + 121_000, 'not parked for a day');
    assert.ok(row!.runAt.getTime() >= before + 119_000);
  });

  test('the delay a handler asks about (to record it) is the one the worker applies, and it runs as system:<worker>', async () => {
    let told: number | null = null;
    let actor: unknown;
    const h = handler(async (_job, ctx) => {
      actor = ctx.actor;
      told = ctx.retryDelayMs(30_000);
      throw new RetryLater('busy', 30_000);
    }, { maxAttempts: 5, baseMs: 1000, factor: 2, maxDelayMs: 600_000 });
    await enqueueJobs(db, [{ kind: h.kind, payload: {}, maxAttempts: 5 }]);
    const before = Date.now();
    await createJobWorker({ name: 'sender', db, handlers: [h] }).runOnce();
    const [row] = await jobsOfKind(h.kind);
    assert.equal(told, 30_000);
    const applied = row!.runAt.getTime() - before;
    assert.ok(applied >= 29_000 && applied <= 31_000 + (Date.now() - before), `applied ${applied} ms`);
    assert.deepEqual(actor, { kind: 'system', worker: 'sender' });
  });

  test('on the last attempt a handler is told there is no next one', async () => {
    const told: (number | null)[] = [];
    const h = handler(async (_job, ctx) => {
      told.push(ctx.retryDelayMs());
      throw new Error('down');
    });
    await enqueueJobs(db, [{ kind: h.kind, payload: {}, maxAttempts: 2 }]);
    const worker = createJobWorker({ name: 't', db, handlers: [h] });
    await worker.runOnce();
    await worker.runOnce();
    assert.deepEqual(told, [0, null]);
    assert.equal((await jobsOfKind(h.kind))[0]!.status, 'failed');
  });

  test('a permanent failure is not retried', async () => {
    let calls = 0;
    const h = handler(async () => {
      calls++;
      throw new PermanentFailure('400 from the third party');
    });
    await enqueueJobs(db, [{ kind: h.kind, payload: {}, maxAttempts: 5 }]);
    const worker = createJobWorker({ name: 't', db, handlers: [h] });
    await worker.runOnce();
    await worker.runOnce();
    assert.equal(calls, 1);
    assert.equal((await jobsOfKind(h.kind))[0]!.status, 'failed');
  });

  test('a dedupe key enqueues a job once', async () => {
    const kind = `test.kind.${++kindCounter}`;
    assert.equal(await enqueueJobs(db, [{ kind, payload: {}, maxAttempts: 1, dedupeKey: 'evt_1' }]), 1);
    assert.equal(await enqueueJobs(db, [{ kind, payload: {}, maxAttempts: 1, dedupeKey: 'evt_1' }]), 0);
    assert.equal((await jobsOfKind(kind)).length, 1);
  });

  test("a crashed worker's job is taken again once its lease runs out", async () => {
    const kind = `test.kind.${++kindCounter}`;
    await enqueueJobs(db, [{ kind, payload: {}, maxAttempts: 3 }]);
    // A worker claims it and "dies" (never completes it). The lease is long enough that a loaded
    // machine cannot outlast it between the two claims.
    const leaseMs = 3_000;
    const [claimed] = await claimJobs(db, { kinds: [kind], limit: 1, leaseMs, workerId: 'dead' });
    assert.ok(claimed);
    assert.equal((await claimJobs(db, { kinds: [kind], limit: 1, leaseMs, workerId: 'other' })).length, 0, 'leased');
    let again: Awaited<ReturnType<typeof claimJobs>>[number] | undefined;
    const deadline = Date.now() + 30_000;
    while (!again && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      [again] = await claimJobs(db, { kinds: [kind], limit: 1, leaseMs, workerId: 'other' });
    }
    assert.equal(again?.id, claimed.id);
    assert.ok(again!.runAt.getTime() - claimed.runAt.getTime() >= leaseMs, 'taken again only after the first lease ended');
    assert.equal((await jobOf(claimed.id)).attempts, 2);
  });

  test('two workers on one database run 300 jobs with no job run twice', async () => {
    const runs = new Map<number, number>();
    const h = handler(async (job) => {
      const n = job.payload.n as number;
      runs.set(n, (runs.get(n) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 1));
    });
    await enqueueJobs(db, Array.from({ length: 300 }, (_, n) => ({ kind: h.kind, payload: { n }, maxAttempts: 1 })));
    const workers = [1, 2].map((i) => createJobWorker({ name: `w${i}`, db, handlers: [h], concurrency: 8, pollMs: 5 }));
    workers.forEach((w) => w.start());
    const deadline = Date.now() + 20_000;
    while (runs.size < 300 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await Promise.all(workers.map((w) => w.stop()));
    assert.equal(runs.size, 300);
    assert.deepEqual([...new Set(runs.values())], [1]);
    const rows = await jobsOfKind(h.kind);
    assert.ok(rows.every((r) => r.status === 'succeeded' && r.attempts === 1));
  });

  test('a slow job holds one slot: the worker goes on running the others around it', async () => {
    let releaseSlow!: () => void;
    const slowReleased = new Promise<void>((r) => (releaseSlow = r));
    const fastDone = new Set<number>();
    const h = handler(async (job) => {
      if (job.payload.slow) await slowReleased; // a receiver taking its whole time-out
      else fastDone.add(job.payload.n as number);
    });
    await enqueueJobs(db, [{ kind: h.kind, payload: { slow: true }, maxAttempts: 1 }]);
    await enqueueJobs(db, Array.from({ length: 20 }, (_, n) => ({ kind: h.kind, payload: { n }, maxAttempts: 1, runAt: new Date(Date.now() + 1) })));
    const worker = createJobWorker({ name: 't', db, handlers: [h], concurrency: 4, pollMs: 5 });
    worker.start();
    try {
      const deadline = Date.now() + 10_000;
      while (fastDone.size < 20 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      assert.equal(fastDone.size, 20, 'every other job ran while the slow one was still running');
      const slow = (await jobsOfKind(h.kind)).find((r) => r.payload.slow)!;
      assert.equal(slow.status, 'pending', 'the slow job is still in hand');
    } finally {
      releaseSlow();
      await worker.stop();
    }
    const rows = await jobsOfKind(h.kind);
    assert.equal(rows.length, 21);
    assert.ok(rows.every((r) => r.status === 'succeeded' && r.attempts === 1), 'stop() waited for the slow job and every job finished once');
  });

  test("a worker that cannot record a job's outcome (database gone) logs it and keeps running", async () => {
    const own = await createTestDatabase();
    const logged: string[] = [];
    let ran = 0;
    const h = handler(async () => {
      ran++;
      await own.close(); // the database goes away mid-job
      throw new Error('the third party failed');
    });
    await enqueueJobs(own.db, [{ kind: h.kind, payload: {}, maxAttempts: 3 }]);
    const worker = createJobWorker({ name: 't', db: own.db, handlers: [h], pollMs: 5, log: (msg) => logged.push(msg) });
    worker.start();
    try {
      const deadline = Date.now() + 5_000;
      while (!logged.includes('job outcome not recorded') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      assert.equal(ran, 1);
      assert.ok(logged.includes('job outcome not recorded'), `logged: ${logged.join(', ')}`);
      const until = Date.now() + 10_000;
      while (!logged.includes('job claim failed') && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
      assert.ok(logged.includes('job claim failed'), 'the loop is still running: it goes on trying to claim');
    } finally {
      await worker.stop();
      await own.drop();
    }
  });

  test('only kinds with a handler are claimed', async () => {
    const kind = `test.kind.${++kindCounter}`;
    await enqueueJobs(db, [{ kind, payload: {}, maxAttempts: 1 }]);
    const worker = createJobWorker({ name: 't', db, handlers: [handler(async () => undefined)] });
    assert.equal(await worker.runOnce(), 0);
    assert.equal((await jobsOfKind(kind))[0]!.status, 'pending');
  });
});
