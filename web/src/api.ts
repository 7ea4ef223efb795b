/**
 * The one way the dashboard talks to the server: the same /api/v1 that API keys use, authenticated
 * by the session cookie. Every request that changes something carries the session's CSRF token.
 */

export interface ApiErrorBody {
  code: string;
  message: string;
  details?: { field: string; message: string }[];
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly body: ApiErrorBody) {
    super(body.message);
  }
}

let csrfToken: string | null = null;
let onSignedOut: () => void = () => {};

export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** Called when the server says the session is gone (expired, signed out elsewhere). */
export function onSessionLost(callback: () => void) {
  onSignedOut = callback;
}

export async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    // v1 errors are {error:{code,message,details}}; the Lead Scoring API's are {message, message_code}.
    const body = json as { error?: ApiErrorBody; message?: string; message_code?: string } | undefined;
    const error = body?.error ?? { code: body?.message_code ?? 'ERROR', message: body?.message ?? `The server answered ${res.status}` };
    if (res.status === 401 && !path.startsWith('/auth/login')) onSignedOut();
    throw new ApiError(res.status, error);
  }
  return json as T;
}

/** Query strings without the empty values a form leaves behind. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    const detail = error.body.details?.map((d) => d.message).join('; ');
    return detail ? `${error.body.message}: ${detail}` : error.body.message;
  }
  return error instanceof Error ? error.message : String(error);
}
