/**
 * What one slow or greedy client may hold of the HTTP server: how long a request may take to
 * arrive (a body trickled a byte at a time is cut), how long an idle socket stays open, how many
 * sockets there may be at once, how many requests one keep-alive socket may carry, and how large
 * the headers may be. Errors the HTTP parser raises before any route runs (408, 431, a malformed
 * request) are answered in the API's error format too.
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyHttpOptions } from 'fastify';
import type { Config } from '../config.ts';

/** Headers larger than this are refused with 431 (Node's default is the same 16 KiB). */
export const MAX_HEADER_BYTES = 16 * 1024;
/** The headers must arrive within this, or the socket is answered 408 and closed. */
export const HEADERS_TIMEOUT_MS = 10_000;
/** Requests one keep-alive socket may carry before the server closes it. */
export const MAX_REQUESTS_PER_SOCKET = 1000;
/** How often Node looks for requests past their time-outs; the cut lands within this after them. */
const CHECK_INTERVAL_MS = 1000;

export function serverLimitOptions(config: Config): Partial<FastifyHttpOptions<http.Server>> {
  return {
    requestTimeout: config.httpRequestTimeoutMs,
    // A socket with no traffic at all for this long is closed (a request in flight that is still
    // sending or receiving is not idle).
    connectionTimeout: config.httpRequestTimeoutMs * 2,
    keepAliveTimeout: config.httpKeepAliveTimeoutMs,
    maxRequestsPerSocket: MAX_REQUESTS_PER_SOCKET,
    http: {
      maxHeaderSize: MAX_HEADER_BYTES,
      headersTimeout: Math.min(HEADERS_TIMEOUT_MS, config.httpRequestTimeoutMs),
      requestTimeout: config.httpRequestTimeoutMs,
      connectionsCheckingInterval: CHECK_INTERVAL_MS,
    },
    clientErrorHandler,
  };
}

/** Past this many open sockets, new ones are closed at once instead of exhausting descriptors. */
export function capConnections(server: http.Server, config: Config) {
  server.maxConnections = config.httpMaxConnections;
}

const PARSER_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'REQUEST_TIMEOUT', message: 'The request did not arrive in time' },
  HPE_HEADER_OVERFLOW: { status: 431, code: 'HEADERS_TOO_LARGE', message: `The request headers are larger than ${MAX_HEADER_BYTES} bytes` },
};

/** Node's own parser errors in the error format, then the socket is closed (it is unusable). */
function clientErrorHandler(err: Error & { code?: string }, socket: Socket) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const known = PARSER_ERRORS[err.code ?? ''] ?? { status: 400, code: 'INVALID_REQUEST', message: 'The request is not valid HTTP' };
  const body = JSON.stringify({ error: { code: known.code, message: known.message } });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${known.status} ${http.STATUS_CODES[known.status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
