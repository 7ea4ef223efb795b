/**
 * A local server that stands in for every third party a test did not set up itself (HubSpot,
 * Meta's Graph API…): any request it receives is unexpected, is answered 500, and fails the test
 * file when it ends, naming the request. A test that means to talk to a third party points that
 * base URL at its own fake server (./fake-http.ts) instead.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after } from 'node:test';

export interface Tripwire {
  url: string;
  /** "METHOD /path" of every request received so far. */
  received: string[];
}

export async function startTripwire(): Promise<Tripwire> {
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    received.push(`${req.method} ${req.url}`);
    req.resume();
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'unexpected request from a test: no fake server was set up for this third party' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    assert.deepEqual(received, [], 'requests reached a third party the test did not set up');
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}
