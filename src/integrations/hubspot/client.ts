/**
 * HubSpot CRM v3, the one call we make: upsert a contact by email. Create; on 409 read the id
 * from "Existing ID: 123" (both the classic and the newer error bodies carry it) and update that
 * contact. 429 and 5xx are worth retrying (with Retry-After); any other 4xx is not.
 */
import { parseRetryAfter } from '../../jobs/retry.ts';
import { PermanentFailure, RetryLater } from '../../jobs/handler.ts';

export type ContactProperties = Record<string, string>;

export interface HubspotClientOptions {
  baseUrl: string;
  token: string;
  timeoutMs: number;
}

export interface UpsertOutcome {
  contactId: string;
  action: 'created' | 'updated';
}

/** The id of the existing contact named in a 409 body (string or parsed JSON), if any. Pure. */
export function existingContactId(body: unknown): string | null {
  const text = typeof body === 'string' ? body : JSON.stringify(body ?? '');
  return /Existing ID:\s*(\d+)/.exec(text)?.[1] ?? null;
}

export async function upsertContact(opts: HubspotClientOptions, properties: ContactProperties): Promise<UpsertOutcome> {
  const created = await call(opts, 'POST', '/crm/v3/objects/contacts', { properties });
  if (created.status === 201 || created.status === 200) return { contactId: idOf(created.body), action: 'created' };
  if (created.status === 409) {
    const id = existingContactId(created.body);
    if (!id) throw new PermanentFailure(`HubSpot 409 without an existing contact id: ${snippet(created.body)}`);
    const updated = await call(opts, 'PATCH', `/crm/v3/objects/contacts/${id}`, { properties });
    if (updated.status === 200) return { contactId: id, action: 'updated' };
    throw failure('PATCH', updated);
  }
  throw failure('POST', created);
}

interface Reply {
  status: number;
  body: string;
  retryAfter: string | null;
}

async function call(opts: HubspotClientOptions, method: string, path: string, payload: unknown): Promise<Reply> {
  let res: Response;
  try {
    res = await fetch(`${opts.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${opts.token}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(payload),
      redirect: 'error',
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    throw new RetryLater(`HubSpot unreachable: ${(err as Error).name === 'TimeoutError' ? `timed out after ${opts.timeoutMs} ms` : cause ?? (err as Error).message}`);
  }
  return { status: res.status, body: await res.text().catch(() => ''), retryAfter: res.headers.get('retry-after') };
}

function failure(method: string, reply: Reply): Error {
  const message = `HubSpot ${method} answered ${reply.status}: ${snippet(reply.body)}`;
  if (reply.status === 429 || reply.status >= 500) return new RetryLater(message, parseRetryAfter(reply.retryAfter, Date.now()));
  return new PermanentFailure(message);
}

function idOf(body: string): string {
  try {
    return String((JSON.parse(body) as { id?: unknown }).id ?? '');
  } catch {
    return '';
  }
}

/** Error bodies go into job errors; HubSpot never echoes the token, and we keep them short. */
const snippet = (body: string) => body.slice(0, 300);
