/**
 * Coalesces many small database calls into one round trip ("group commit"). A call made while the
 * database is idle goes out on the next microtask, together with every call made in the same tick;
 * calls made while a batch is in flight wait for it and then go out together. So an idle system
 * adds no delay, and a busy one sends fewer, larger statements: what every statement costs
 * (a write to the socket, query building, a round trip) is paid once per batch, not once per call.
 *
 * Each caller gets its own item's outcome: its result, or the batch's error (the whole batch
 * failed, so nothing in it may be taken as done).
 */
export type Batched<I, O> = (item: I) => Promise<O>;

interface Pending<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

/**
 * `run` receives the items of one batch and returns one result per item, in the same order.
 * At most `maxBatch` items go in one call; at most one call is in flight at a time.
 */
export function batched<I, O>(run: (items: I[]) => Promise<O[]>, maxBatch = 500): Batched<I, O> {
  const queue: Pending<I, O>[] = [];
  let scheduled = false;
  let inFlight = false;

  async function flush() {
    scheduled = false;
    if (inFlight || queue.length === 0) return;
    inFlight = true;
    const batch = queue.splice(0, maxBatch);
    try {
      const results = await run(batch.map((p) => p.item));
      if (results.length !== batch.length) throw new Error(`a batch of ${batch.length} returned ${results.length} results`);
      batch.forEach((p, i) => p.resolve(results[i]!));
    } catch (err) {
      for (const p of batch) p.reject(err);
    } finally {
      inFlight = false;
      if (queue.length > 0) schedule();
    }
  }

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => void flush());
  }

  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!inFlight) schedule();
    });
}
