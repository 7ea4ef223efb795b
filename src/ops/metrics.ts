/**
 * Prometheus metrics at GET /metrics: request counts and latencies by route and status, plus
 * Node's process metrics. One registry per app, so tests can build several apps.
 *
 * Route patterns and load figures are not for the public: with METRICS_TOKEN set, a scraper sends
 * it as a bearer token; without it, only a scraper on this host (loopback) is answered.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { parseBearer } from '../http/auth.ts';
import { forbidden, unauthorized } from '../errors.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const digest = (text: string) => createHash('sha256').update(text).digest();

/** Throws unless the request may read the metrics. */
function assertMayScrape(request: FastifyRequest, token: string | undefined): void {
  if (token === undefined) {
    if (LOOPBACK.has(request.socket.remoteAddress ?? '')) return;
    throw forbidden('Metrics are served to this host only; set METRICS_TOKEN to scrape them from elsewhere');
  }
  const presented = parseBearer(request.headers.authorization);
  // Compared as digests: equal lengths for timingSafeEqual, and no timing hint of the token.
  if (presented === undefined || !timingSafeEqual(digest(presented), digest(token))) {
    throw unauthorized('Send METRICS_TOKEN as Authorization: Bearer <token>');
  }
}

export function registerMetrics(app: FastifyInstance, opts: { token: string | undefined }) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'naybourhood_http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status code',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, not the URL, keeps label cardinality bounded (ids never become labels).
    const route = request.routeOptions.url ?? 'unmatched';
    duration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    assertMayScrape(request, opts.token);
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
