/**
 * Runs the service: opens the database, migrates, listens, starts background workers, and shuts
 * down gracefully on SIGTERM/SIGINT (in-flight requests and jobs finish first).
 */
import { Redis } from 'ioredis';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { openConfiguredDatabase } from './db/open.ts';
import type { Database } from './db/client.ts';
import { ensureDemoTenant } from './ops/first-start.ts';
import { WORKERS } from './workers/index.ts';

export type Role = 'api' | 'worker' | 'all';

export interface RunningServer {
  app?: FastifyInstance;
  address?: string;
  stop(): Promise<void>;
}

export async function startServer(config: Config, role: Role, print: (line: string) => void): Promise<RunningServer> {
  const database = await openConfiguredDatabase(config);
  await database.migrate();
  const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false }) : undefined;

  let app: FastifyInstance | undefined;
  let address: string | undefined;
  if (role !== 'worker') {
    const demo = await ensureDemoTenant(database.db);
    if (demo) printDemo(demo, config, print);
    app = await buildApp({ config, database, redis });
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
      await app?.close(); // stops accepting, lets in-flight requests finish
      await Promise.all(workers.map((w) => w.stop()));
      await redis?.quit().catch(() => undefined);
      await database.close();
    })());
  return { app, address, stop };
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
