/**
 * POST /score through the whole HTTP path (auth, rate limit, validation, engine, serialisation)
 * beside a bare Fastify route with the same body schema, measured in the same run.
 * Run: node --import tsx bench/score-http.ts [seconds]
 */
import { BENCH_LEAD } from './lib/bench-lead.ts';
import { load, startBenchServer, type LoadResult } from './lib/harness.ts';

const seconds = Number(process.argv[2] ?? 5);
const body = JSON.stringify({ lead: BENCH_LEAD });

async function measure(mode: 'app' | 'bare' | 'bare-same-response'): Promise<LoadResult> {
  const server = await startBenchServer(mode);
  try {
    const opts = { url: `${server.url}/api/v1/score`, method: 'POST' as const, body, headers: { 'content-type': 'application/json', authorization: `Bearer ${server.key}` } };
    await load({ ...opts, duration: 1 }); // warm-up: JIT and connection set-up
    return await load({ ...opts, duration: seconds });
  } finally {
    await server.stop();
  }
}

const bare = await measure('bare');
const sameResponse = await measure('bare-same-response');
const app = await measure('app');
const rows = [
  { name: 'bare Fastify, same body schema', ...bare },
  { name: 'bare Fastify, same body and response', ...sameResponse },
  { name: 'POST /api/v1/score (PGlite)', ...app },
];
console.table(rows);
console.log(JSON.stringify({ bench: 'score-http', bare, sameResponse, app, ratio: +(app.rps / bare.rps).toFixed(2) }));
