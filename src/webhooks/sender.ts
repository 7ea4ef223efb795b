/**
 * POSTs a signed body to a customer URL and reports what happened, never throwing: 2xx is
 * delivered; any other status, a time-out or a connection error is a failure. Redirects are not
 * followed (a 3xx is a failure: following one would let a public URL bounce us inside).
 */
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { parseRetryAfter } from '../jobs/retry.ts';
import { assertPublic, BlockedUrlError, guardedLookup, hostOf, parseWebhookUrl, type Resolver, systemResolver } from './ssrf.ts';

export const SNIPPET_BYTES = 1024;
/** Past this much response body we stop reading and drop the connection. */
const DRAIN_LIMIT_BYTES = 64 * 1024;

export interface SendResult {
  ok: boolean;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseSnippet: string | null;
  /** From a Retry-After header, in milliseconds. */
  retryAfterMs?: number;
  /** The URL was refused by the SSRF guard (no request was made). */
  blocked?: boolean;
}

export interface SenderOptions {
  timeoutMs: number;
  allowPrivateUrls: boolean;
  resolver?: Resolver;
  /** Sockets kept open per host; one customer endpoint can take this many deliveries at once. */
  maxSocketsPerHost?: number;
}

export interface WebhookSender {
  send(url: string, body: string, headers: Record<string, string>): Promise<SendResult>;
  close(): void;
}

export function createWebhookSender(opts: SenderOptions): WebhookSender {
  const resolver = opts.resolver ?? systemResolver;
  const agentOptions = {
    keepAlive: true,
    maxSockets: opts.maxSocketsPerHost ?? 64,
    ...(opts.allowPrivateUrls ? {} : { lookup: guardedLookup(resolver) }),
  };
  const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };

  async function send(rawUrl: string, body: string, headers: Record<string, string>): Promise<SendResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    let url: URL;
    try {
      url = parseWebhookUrl(rawUrl);
      // An IP literal never goes through `lookup`, so it is checked here.
      const host = hostOf(url);
      if (!opts.allowPrivateUrls && isIP(host)) assertPublic(host, [{ address: host, family: isIP(host) }]);
    } catch (err) {
      return { ok: false, statusCode: null, durationMs: elapsed(), error: `URL refused: ${(err as Error).message}`, responseSnippet: null, blocked: true };
    }
    return new Promise<SendResult>((resolve) => {
      let settled = false;
      const finish = (result: Omit<SendResult, 'durationMs'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ ...result, durationMs: elapsed() });
      };
      const lib = url.protocol === 'https:' ? https : http;
      const req = lib.request(url, {
        method: 'POST',
        agent: agents[url.protocol as 'http:' | 'https:'],
        headers: { ...headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      });
      const timer = setTimeout(() => {
        req.destroy();
        finish({ ok: false, statusCode: null, error: `timed out after ${opts.timeoutMs} ms`, responseSnippet: null });
      }, opts.timeoutMs);
      req.on('error', (err) => {
        const blocked = err instanceof BlockedUrlError;
        finish({ ok: false, statusCode: null, error: blocked ? `URL refused: ${err.message}` : describe(err), responseSnippet: null, blocked });
      });
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let kept = 0;
        let seen = 0;
        res.on('data', (chunk: Buffer) => {
          seen += chunk.length;
          if (kept < SNIPPET_BYTES) {
            chunks.push(chunk.subarray(0, SNIPPET_BYTES - kept));
            kept += Math.min(chunk.length, SNIPPET_BYTES - kept);
          }
          if (seen > DRAIN_LIMIT_BYTES) res.destroy();
        });
        const done = () => {
          const ok = status >= 200 && status < 300;
          finish({
            ok,
            statusCode: status,
            error: ok ? null : status >= 300 && status < 400 ? `HTTP ${status} (redirects are not followed)` : `HTTP ${status}`,
            responseSnippet: kept > 0 ? Buffer.concat(chunks).toString('utf8') : null,
            retryAfterMs: parseRetryAfter(res.headers['retry-after'], Date.now()),
          });
        };
        res.on('end', done);
        res.on('close', done);
        res.on('error', () => undefined);
      });
      req.end(body);
    });
  }

  return {
    send,
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}

function describe(err: Error): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code ? `connection failed: ${code}${err.message.includes(code) ? '' : ` (${err.message})`}` : `connection failed: ${err.message}`;
}
