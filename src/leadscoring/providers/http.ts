/**
 * A provider called over HTTP, with the built-in provider standing in whenever the remote one is
 * not configured or fails (time-out, connection error, 5xx, 4xx, or an answer that breaks the
 * contract). Transient failures get one more try first. The result says who answered and why.
 */
import type { TSchema, Static } from 'typebox';
import { Compile } from 'typebox/compile';
import type { ProviderTrace } from '../../db/schema/index.ts';

export interface HttpProviderOptions {
  timeoutMs: number;
  /** Total tries of the remote provider, the first included. */
  attempts: number;
  /** Wait before the next try, times the try number. */
  backoffMs: number;
}

export const DEFAULT_PROVIDER_OPTIONS: HttpProviderOptions = { timeoutMs: 3000, attempts: 2, backoffMs: 250 };

class ProviderFailure extends Error {
  constructor(message: string, readonly retryable: boolean) {
    super(message);
  }
}

export interface Answered<T> {
  value: T;
  trace: ProviderTrace;
}

export function httpProvider<S extends TSchema>(name: string, url: string | undefined, responseSchema: S, opts: HttpProviderOptions) {
  const check = Compile(responseSchema);
  return async function call(body: unknown, local: () => Static<S>): Promise<Answered<Static<S>>> {
    if (!url) return { value: local(), trace: { source: 'local' } };
    let lastError = '';
    for (let attempt = 1; attempt <= opts.attempts; attempt++) {
      try {
        const value = await post(url, body, opts.timeoutMs);
        if (!check.Check(value)) {
          const first = [...check.Errors(value)][0];
          throw new ProviderFailure(`answer breaks the contract (${first?.instancePath || '/'} ${first?.message ?? 'is invalid'})`, false);
        }
        return { value: value as Static<S>, trace: { source: 'remote' } };
      } catch (err) {
        const failure = err instanceof ProviderFailure ? err : new ProviderFailure(describe(err, opts.timeoutMs), true);
        lastError = failure.message;
        if (!failure.retryable || attempt === opts.attempts) break;
        await new Promise((r) => setTimeout(r, opts.backoffMs * attempt));
      }
    }
    return { value: local(), trace: { source: 'local', fallback_reason: `${name}: ${lastError}` } };
  };
}

async function post(url: string, body: unknown, timeoutMs: number): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  if (!res.ok) throw new ProviderFailure(`HTTP ${res.status}`, res.status >= 500 || res.status === 429);
  try {
    return JSON.parse(text);
  } catch {
    throw new ProviderFailure('answer is not JSON', false);
  }
}

function describe(err: unknown, timeoutMs: number): string {
  const e = err as Error & { cause?: { code?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `timed out after ${timeoutMs} ms`;
  return `request failed (${e.cause?.code ?? e.message})`;
}
