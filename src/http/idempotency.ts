/**
 * Idempotency-Key on POSTs that create things: the same key and body within 24 hours
 * replays the first response; the same key with another body is a 409. Routes opt in with
 * `config: { idempotent: true }`.
 */
import { createHash } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/client.ts';
import { idempotencyKeys } from '../db/schema/index.ts';
import { conflict, invalidField } from '../errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    idempotent?: boolean;
  }
  interface FastifyRequest {
    idempotencyKey?: string;
  }
}

const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;
const IDEMPOTENCY_WINDOW_SQL = sql`now() - interval '24 hours'`;

export function registerIdempotency(app: FastifyInstance, db: Db) {
  app.addHook('preHandler', async (request, reply) => {
    if (!request.routeOptions.config.idempotent) return;
    const key = request.headers['idempotency-key'];
    if (key === undefined) return;
    if (typeof key !== 'string' || !KEY_SHAPE.test(key)) {
      throw invalidField('Idempotency-Key', 'must be 1 to 255 visible ASCII characters');
    }
    const companyId = request.ctx.companyId;
    const requestHash = fingerprint(request);
    // Keys older than the window are forgotten, so the key may start afresh.
    await db
      .delete(idempotencyKeys)
      .where(and(eq(idempotencyKeys.companyId, companyId), eq(idempotencyKeys.key, key), lt(idempotencyKeys.createdAt, IDEMPOTENCY_WINDOW_SQL)));
    const claimed = await db
      .insert(idempotencyKeys)
      .values({ companyId, key, requestHash })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (claimed.length === 1) {
      request.idempotencyKey = key;
      return;
    }
    const [first] = await db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.companyId, companyId), eq(idempotencyKeys.key, key)));
    if (!first || first.requestHash !== requestHash) {
      throw conflict('This Idempotency-Key was already used with a different request');
    }
    if (first.statusCode === null) throw conflict('A request with this Idempotency-Key is still being processed');
    return reply
      .code(first.statusCode)
      .header('Idempotent-Replayed', 'true')
      .type('application/json; charset=utf-8')
      .send(first.responseBody);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const key = request.idempotencyKey;
    if (!key) return payload;
    const where = and(eq(idempotencyKeys.companyId, request.ctx.companyId), eq(idempotencyKeys.key, key));
    if (reply.statusCode >= 500) {
      // A server error is not an answer worth replaying: let the client retry with the same key.
      await db.delete(idempotencyKeys).where(where);
    } else {
      await db.update(idempotencyKeys).set({ statusCode: reply.statusCode, responseBody: String(payload) }).where(where);
    }
    return payload;
  });
}

function fingerprint(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.routeOptions.url}\n${JSON.stringify(request.params)}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');
}
