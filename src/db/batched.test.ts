import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { batched } from './batched.ts';

/** A batch function that records each call and answers item × 10, when released. */
function recorder() {
  const calls: number[][] = [];
  const releases: (() => void)[] = [];
  let hold = false;
  const run = async (items: number[]) => {
    calls.push(items);
    if (hold) await new Promise<void>((r) => releases.push(r));
    return items.map((n) => n * 10);
  };
  return { calls, run, holdNext: () => (hold = true), release: () => { hold = false; releases.splice(0).forEach((r) => r()); } };
}

describe('batched', () => {
  test('calls made in one tick go out as one batch, each caller gets its own result', async () => {
    const r = recorder();
    const get = batched(r.run);
    assert.deepEqual(await Promise.all([get(1), get(2), get(3)]), [10, 20, 30]);
    assert.deepEqual(r.calls, [[1, 2, 3]]);
  });

  test('an idle batcher sends a lone call at once; calls made while a batch is in flight wait and go together', async () => {
    const r = recorder();
    const get = batched(r.run);
    r.holdNext();
    const first = get(1);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(r.calls, [[1]], 'the first call did not wait for company');
    const later = [get(2), get(3), get(4)];
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(r.calls.length, 1, 'nothing else goes out while a batch is in flight');
    r.release();
    assert.deepEqual(await Promise.all([first, ...later]), [10, 20, 30, 40]);
    assert.deepEqual(r.calls, [[1], [2, 3, 4]]);
  });

  test('a failed batch rejects its own callers only', async () => {
    let fail = true;
    const get = batched(async (items: number[]) => {
      if (fail) {
        fail = false;
        throw new Error('database gone');
      }
      return items;
    });
    const failed = [get(1), get(2)];
    const next = get(3); // the same tick: part of the failing batch too
    await assert.rejects(failed[0]!, /database gone/);
    await assert.rejects(failed[1]!, /database gone/);
    await assert.rejects(next, /database gone/);
    assert.equal(await get(4), 4, 'the next batch runs normally');
  });

  test('no batch is larger than maxBatch', async () => {
    const r = recorder();
    const get = batched(r.run, 2);
    assert.deepEqual(await Promise.all([1, 2, 3, 4, 5].map(get)), [10, 20, 30, 40, 50]);
    assert.deepEqual(r.calls, [[1, 2], [3, 4], [5]]);
  });

  test('a batch answering the wrong number of results fails loudly', async () => {
    const get = batched(async (items: number[]) => items.slice(1));
    await assert.rejects(Promise.all([get(1), get(2)]), /a batch of 2 returned 1 results/);
  });
});
