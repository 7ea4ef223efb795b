/** A real local HTTP server standing in for a third party (Pre-FI, Form AI, Meta's Graph API). */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after } from 'node:test';

export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: unknown;
}

export interface FakeReply {
  status?: number;
  body?: unknown;
  /** Answer this late (to provoke a client time-out). */
  delayMs?: number;
}

export interface FakeServer {
  url: string;
  requests: SeenRequest[];
  /** Replaces the reply logic; the default answers 200 {}. */
  reply: (fn: (req: SeenRequest, n: number) => FakeReply) => void;
  close(): Promise<void>;
}

export async function startFakeServer(): Promise<FakeServer> {
  const requests: SeenRequest[] = [];
  let handler: (req: SeenRequest, n: number) => FakeReply = () => ({ status: 200, body: {} });
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown = null;
      try {
        json = JSON.parse(body);
      } catch {
        json = null;
      }
      const seen = { method: req.method!, url: req.url!, headers: req.headers, body, json };
      requests.push(seen);
      const reply = handler(seen, requests.length);
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' });
        res.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {}));
      };
      if (reply.delayMs) {
        const t = setTimeout(() => {
          timers.delete(t);
          send();
        }, reply.delayMs);
        timers.add(t);
      } else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = async () => {
    for (const t of timers) clearTimeout(t);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  after(close);
  return { url: `http://127.0.0.1:${port}`, requests, reply: (fn) => void (handler = fn), close };
}
