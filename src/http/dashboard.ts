/**
 * The dashboard: the static files `vite build` writes to web/dist, served at `/`. Any other GET
 * outside /api answers with the app's index.html so that its own paths (/leads/…) load on a
 * refresh; unknown API paths keep their JSON 404. Every file carries headers that keep the page
 * from running anything but its own scripts or being framed.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';

export const DASHBOARD_DIR = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/** No inline scripts or styles, nothing from another origin, never inside a frame. */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function securityHeaders(res: { setHeader(name: string, value: string): unknown }, filePath: string) {
  res.setHeader('Content-Security-Policy', DASHBOARD_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  // Built assets have content hashes in their names; index.html must be fetched fresh to find them.
  res.setHeader('Cache-Control', filePath.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
}

export async function registerDashboard(app: FastifyInstance, root = DASHBOARD_DIR) {
  if (!existsSync(`${root}index.html`)) {
    app.log.warn({ root }, 'the dashboard is not built (npm run build:web); / answers 404');
    return;
  }
  await app.register(fastifyStatic, { root, prefix: '/', wildcard: false, index: false, cacheControl: false, setHeaders: securityHeaders });
  const sendApp = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0]!;
    // A missing built file is a 404, not the page: a stale tab asking for an old script gets a clear miss.
    if (path === '/api' || path.startsWith('/api/') || path.startsWith('/assets/')) return reply.callNotFound();
    return reply.sendFile('index.html');
  };
  app.get('/', sendApp);
  app.get('/*', sendApp);
}
