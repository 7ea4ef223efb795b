/**
 * A real local HTTP server standing in for customers' webhook endpoints (and third parties such
 * as HubSpot): each endpoint has its own path, records every request and answers as its handler
 * says.
 */
import { createRequire } from 'node:module';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after } from 'node:test';

export interface Received {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface Reply {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
  delayMs?: number;
}

export type Responder = (req: Received, n: number) => Reply | Promise<Reply>;

export interface Endpoint {
  url: string;
  path: string;
  received: Received[];
  respond: Responder;
  /** Resolves once `n` requests have arrived; rejects after `timeoutMs`. */
  waitFor(n: number, timeoutMs?: number): Promise<Received[]>;
}

export interface Receiver {
  base: string;
  endpoint(respond?: Responder): Endpoint;
  all: Received[];
  close(): Promise<void>;
}

let endpointCounter = 0;

export async function startReceiver(): Promise<Receiver> {
  const endpoints = new Map<string, Endpoint>();
  const all: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const path = (req.url ?? '/').split('?')[0]!;
      const got: Received = { method: req.method ?? '', path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      all.push(got);
      const ep = endpoints.get(path);
      if (!ep) return res.writeHead(404).end('no such endpoint');
      ep.received.push(got);
      const reply = await ep.respond(got, ep.received.length);
      if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
      if (res.destroyed) return;
      res.writeHead(reply.status ?? 200, { 'content-type': 'text/plain', ...reply.headers }).end(reply.body ?? 'ok');
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const receiver: Receiver = {
    base,
    all,
    endpoint(respond = () => ({ status: 200 })) {
      const path = `/hook/${++endpointCounter}`;
      const ep: Endpoint = {
        url: `${base}${path}`,
        path,
        received: [],
        respond,
        waitFor: (n, timeoutMs = 20_000) => waitUntil(() => (ep.received.length >= n ? ep.received : undefined), timeoutMs, `${n} requests at ${path}`),
      };
      endpoints.set(path, ep);
      return ep;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  after(() => receiver.close());
  return receiver;
}

/** Polls until `check` returns a value. */
export async function waitUntil<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const require = createRequire(import.meta.url);
/** Seed 002's verifier, byte for byte as customers are told to write it. */
export const { verifySignature } = require('./seed-002-verify.cjs') as {
  verifySignature(payload: string, signature: string, secret: string): boolean;
};
