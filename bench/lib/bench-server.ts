/**
 * A server for benchmarks, run as a child process so that the load generator does not share its
 * CPU: prints one JSON line {url, key} when ready. Modes (argv[2]):
 *   app     – the real app on BENCH_DATABASE_URL (PostgreSQL) or a fresh in-memory PGlite
 *   bare    – bare Fastify with the /score body schema, answering a fixed tiny body: Fastify's own cost
 *   bare-same-response – the same, answering a stored copy of the real score (≈3 kB, same response
 *             schema): what Fastify costs for our input and output, without auth, limits or scoring
 */
import Fastify from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/client.ts';
import { runUpkeep } from '../../src/db/upkeep.ts';
import { createCompany } from '../../src/companies/service.ts';
import { createApiKey } from '../../src/keys/service.ts';
import { registerValidation } from '../../src/http/validation.ts';
import { ScoreRequest, ScoreResponse } from '../../src/score/schemas.ts';
import { scoreLead } from '../../src/scoring/index.ts';
import { BENCH_LEAD } from './bench-lead.ts';

const mode = process.argv[2] ?? 'app';

if (mode === 'bare' || mode === 'bare-same-response') {
  const app = Fastify({ logger: false });
  registerValidation(app);
  if (mode === 'bare') {
    app.post('/api/v1/score', { schema: { body: ScoreRequest } }, async () => ({ quality_score: 0, intent_score: 0, classification: 'Nurture' }));
  } else {
    const stored = scoreLead(BENCH_LEAD);
    app.post('/api/v1/score', { schema: { body: ScoreRequest, response: { 200: ScoreResponse } } }, async () => stored);
  }
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  console.log(JSON.stringify({ url, key: 'none' }));
} else {
  const pgUrl = process.env.BENCH_DATABASE_URL;
  const database = pgUrl ? await openDatabase({ kind: 'postgres', url: pgUrl, maxConnections: 10 }) : await openDatabase({ kind: 'pglite-memory' });
  await database.migrate();
  const config = loadConfig({ RATE_LIMIT_PER_MINUTE: '1000000', LOG_LEVEL: 'silent' });
  const app = await buildApp({ config, database, logger: false });
  const company = await createCompany(database.db, 'Bench Homes');
  const key = await createApiKey(database.db, { companyId: company.id, name: 'bench', permissions: ['all'], rateLimitPerMinute: 100_000_000 });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  // `serve` runs the embedded database's upkeep every minute; a benchmark asks for it (SIGUSR2)
  // where a minute would have passed, and reads one line when it is done.
  process.on('SIGUSR2', () => void runUpkeep(database.db).then(() => console.log('upkeep done')));
  console.log(JSON.stringify({ url, key: key.key, companyId: company.id }));
}
