/**
 * The HTTP server's own limits, over real sockets: a trickled body is cut, idle keep-alive sockets
 * are closed, oversized headers and parser errors are answered in the error format, and the
 * number of open sockets is capped. Also the headers every answer carries, and charsets.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, test } from 'node:test';
import { startTestApp } from './helpers/app.ts';

const { app, tenant } = await startTestApp({ HTTP_REQUEST_TIMEOUT_MS: '1000', HTTP_KEEP_ALIVE_TIMEOUT_MS: '300', HTTP_MAX_CONNECTIONS: '20' });
const base = await app.listen({ port: 0, host: '127.0.0.1' });
const port = Number(new URL(base).port);

/** A raw socket that collects what the server says and when it hangs up. */
function rawSocket() {
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (d) => (received += d));
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => {
    const opened = Date.now();
    socket.on('close', () => resolve(Date.now() - opened));
  });
  return { socket, closed, received: () => received };
}

const bodyOf = (raw: string) => JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));

describe('time-outs', () => {
  test('a body trickled a byte at a time is cut with 408 in the error format (the public webhook too)', async () => {
    const { socket, closed, received } = rawSocket();
    socket.write('POST /api/v1/leadscoring/webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{');
    const drip = setInterval(() => socket.writable && socket.write(' '), 100);
    const lasted = await closed;
    clearInterval(drip);
    assert.ok(lasted < 5000, `held for ${lasted} ms with a 1000 ms request time-out`);
    assert.match(received(), /^HTTP\/1\.1 408 /);
    assert.deepEqual(bodyOf(received()), { error: { code: 'REQUEST_TIMEOUT', message: 'The request did not arrive in time' } });
  });

  test('headers that never finish are cut too', async () => {
    const { socket, closed, received } = rawSocket();
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    const lasted = await closed;
    assert.ok(lasted < 5000, `held for ${lasted} ms`);
    assert.match(received(), /^HTTP\/1\.1 408 /);
  });

  test('an idle keep-alive socket is closed after the keep-alive time-out', async () => {
    const { socket, closed, received } = rawSocket();
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n');
    const lasted = await closed;
    assert.match(received(), /^HTTP\/1\.1 200 /);
    assert.ok(lasted < 3000, `idle socket held for ${lasted} ms with a 300 ms keep-alive time-out`);
  });
});

describe('parser errors in the error format', () => {
  test('headers over 16 KiB: 431', async () => {
    const { socket, closed, received } = rawSocket();
    socket.write(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    await closed;
    assert.match(received(), /^HTTP\/1\.1 431 /);
    assert.match(received(), /content-type: application\/json/i);
    assert.deepEqual(bodyOf(received()).error.code, 'HEADERS_TOO_LARGE');
  });

  test('a request that is not HTTP: 400', async () => {
    const { socket, closed, received } = rawSocket();
    socket.write('HELLO THERE\r\n\r\n');
    await closed;
    assert.match(received(), /^HTTP\/1\.1 400 /);
    assert.equal(bodyOf(received()).error.code, 'INVALID_REQUEST');
  });
});

describe('connection cap', () => {
  test('past the cap new sockets are closed at once; the server serves again as they go', async () => {
    const held = Array.from({ length: 20 }, () => rawSocket());
    await new Promise((r) => setTimeout(r, 200));
    const extra = rawSocket();
    extra.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    const lasted = await extra.closed;
    assert.equal(extra.received(), '', 'the socket past the cap got nothing');
    assert.ok(lasted < 1000, `closed after ${lasted} ms`);
    for (const h of held) h.socket.destroy();
    await new Promise((r) => setTimeout(r, 200));
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
  });
});

describe('what every answer says about itself', () => {
  test('Cache-Control: no-store and X-Content-Type-Options: nosniff, on data and on errors', async () => {
    const t = await tenant();
    for (const res of [await t.request('GET', '/api/v1/leads'), await app.inject({ method: 'GET', url: '/api/v1/leads' })]) {
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
    }
  });

  test('a caller X-Request-Id is kept only when it is a short token; otherwise replaced', async () => {
    const t = await tenant();
    const id = async (given: string) => String((await t.request('GET', '/api/v1/leads', undefined, { 'x-request-id': given })).headers['x-request-id']);
    assert.equal(await id('trace-123:abc.DEF_9'), 'trace-123:abc.DEF_9');
    for (const bad of ['a'.repeat(65), 'with space', '<script>', 'line\tbreak', 'ünïcode']) {
      assert.match(await id(bad), /^[0-9a-f-]{36}$/, bad);
    }
  });
});

describe('charsets', () => {
  test('JSON in any charset but UTF-8 is 415 in the error format, on v1 and on the Typeform webhook', async () => {
    const t = await tenant();
    for (const charset of ['utf-16', 'UTF-16LE', 'iso-8859-1', '"utf-32"']) {
      const res = await t.request('POST', '/api/v1/leads', '{"full_name":"A","email":"a@b.co"}', { 'content-type': `application/json; charset=${charset}` });
      assert.equal(res.statusCode, 415, charset);
      assert.equal(res.json().error.code, 'UNSUPPORTED_MEDIA_TYPE');
    }
    const hook = await app.inject({ method: 'POST', url: '/api/v1/leadscoring/webhook', headers: { 'content-type': 'application/json; charset=utf-16' }, payload: '{}' });
    assert.equal(hook.statusCode, 415);
    assert.equal(hook.json().message_code, 'UNSUPPORTED_MEDIA_TYPE');
    const utf8 = await t.request('POST', '/api/v1/leads', { full_name: 'Zoë Ångström', email: 'zoe@example.com' }, { 'content-type': 'application/json; Charset="UTF-8"' });
    assert.equal(utf8.statusCode, 201, utf8.body);
  });
});
