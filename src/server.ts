/**
 * Runs the service: opens the database, migrates, listens, starts background workers, and shuts
 * down by draining: /readyz answers 503 for SHUTDOWN_DELAY_MS while requests still flow (so load
 * balancers stop sending), then the listener closes, in-flight requests and jobs finish, and only
 * then do Redis and the database close.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { openConfiguredDatabase } from './db/open.ts';
import type { Database } from './db/client.ts';
import { ensureDemoTenant } from './ops/first-start.ts';
import { WORKERS } from './jobs/index.ts';
import { createRedisClient, redisReady } from './ops/redis.ts';
import { loadSecretBox } from './crypto/secret-box.ts';
import { resealStoredSecrets } from './crypto/reseal.ts';

export type Role = 'api' | 'worker' | 'all';

export interface RunningServer {
  app?: FastifyInstance;
  address?: string;
  stop(): Promise<void>;
}

export async function startServer(config: Config, role: Role, print: (line: string) => void): Promise<RunningServer> {
  const database = await openConfiguredDatabase(config);
  await database.migrate();
  await sealStoredSecrets(config, database, print);
  const redis = config.redisUrl ? createRedisClient(config.redisUrl, config, (line) => console.warn(line)) : undefined;
  if (redis) await redisReady(redis, config.redisConnectTimeoutMs);
  let draining = false;

  let app: FastifyInstance | undefined;
  let address: string | undefined;
  if (role !== 'worker') {
    const demo = await ensureDemoTenant(database.db);
    if (demo) printDemo(demo, config, print);
    app = await buildApp({ config, database, redis, draining: () => draining });
    address = await app.listen({ port: config.port, host: config.host });
    print(`Naybourhood API listening on ${address} (${database.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'})`);
    print(`API docs: ${address}/api/v1/docs`);
  }
  const workers = role === 'api' ? [] : WORKERS.map((make) => make({ config, database }));
  for (const w of workers) w.start();
  if (role === 'worker') print(`Naybourhood worker running: ${workers.map((w) => w.name).join(', ') || 'no workers registered'}`);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      draining = true;
      if (app && config.shutdownDelayMs > 0) await sleep(config.shutdownDelayMs);
      await app?.close(); // stops accepting, lets in-flight requests finish, then closes idle connections
      await Promise.all(workers.map((w) => w.stop()));
      await redis?.quit().catch(() => redis.disconnect());
      await database.close();
    })());
  return { app, address, stop };
}

/** Every start seals leftover plaintext and moves values off rotated keys (cheap when there is none). */
async function sealStoredSecrets(config: Config, database: Database, print: (line: string) => void) {
  const { sealed, resealed } = await resealStoredSecrets(database.db, await loadSecretBox(database.db, config));
  if (sealed || resealed) print(`Stored secrets: ${sealed} sealed, ${resealed} moved to the current sealing key`);
  if (config.sealingKeys.length === 0) {
    print('Note: SEALING_KEY is not set, so the key sealing stored secrets is kept in the database (see docs/security.md)');
  }
}

function printDemo(demo: NonNullable<Awaited<ReturnType<typeof ensureDemoTenant>>>, config: Config, print: (l: string) => void) {
  const base = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
  print('');
  print('First start: created a demo company and an API key with every permission.');
  print(`  Company:  ${demo.company.name} (${demo.company.id})`);
  print(`  API key:  ${demo.key.key}`);
  print('  This key is shown once. Try it:');
  print(`  curl -H "Authorization: Bearer ${demo.key.key}" ${base}/api/v1/leads`);
  print('');
}
