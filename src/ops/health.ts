/**
 * Liveness and readiness for load balancers and orchestrators. /readyz answers within
 * READY_CHECK_MS whatever the dependencies do: a database (or Redis, when configured) that does
 * not answer in time is as unready as one that refuses.
 */
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Db } from '../db/client.ts';

/** Well inside the 2 s a load balancer's health check typically waits. */
export const READY_CHECK_MS = 1_500;

export interface HealthDeps {
  db: Db;
  redis?: Redis;
  isShuttingDown: () => boolean;
}

export function registerHealth(app: FastifyInstance, deps: HealthDeps) {
  const hide = { hide: true };
  app.get('/healthz', { schema: hide }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: hide }, async (_request, reply) => {
    if (deps.isShuttingDown()) return reply.code(503).send({ status: 'shutting_down' });
    const [database, redis] = await Promise.all([
      answersInTime(() => deps.db.execute(sql`select 1`)),
      deps.redis ? answersInTime(() => deps.redis!.ping()) : Promise.resolve(true),
    ]);
    if (!database) return reply.code(503).send({ status: 'database_unavailable' });
    if (!redis) return reply.code(503).send({ status: 'redis_unavailable' });
    return { status: 'ready' };
  });
}

async function answersInTime(check: () => Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), READY_CHECK_MS)));
  try {
    return await Promise.race([check().then(() => true, () => false), late]);
  } finally {
    clearTimeout(timer);
  }
}
