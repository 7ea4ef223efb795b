/**
 * A local fake of HubSpot's CRM v3 contacts API speaking the documented responses
 *: 201 on create, 409 "Existing ID" in its classic and newer
 * bodies, 429 with Retry-After, 5xx, 400. Each contact email can be given a script of replies.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after } from 'node:test';

export interface HubspotRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: { properties: Record<string, string> };
  at: number;
}

export interface HubspotReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export const REPLIES = {
  created: (id = '512'): HubspotReply => ({ status: 201, body: { id, properties: {}, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', archived: false } }),
  updated: (id: string): HubspotReply => ({ status: 200, body: { id, properties: {}, archived: false } }),
  conflictClassic: (id: string): HubspotReply => ({
    status: 409,
    body: { status: 'error', message: `Contact already exists. Existing ID: ${id}`, correlationId: 'c0ffee', category: 'CONFLICT' },
  }),
  conflictNewer: (id: string, email: string): HubspotReply => ({
    status: 409,
    body: {
      status: 'error', category: 'OBJECT_ALREADY_EXISTS', error: 'CONTACT_EXISTS', correlationId: 'c0ffee',
      message: 'Conflict', errors: [{ message: `A contact with email ${email} already exists. Existing ID: ${id}`, in: 'email' }],
      identityProfile: { vid: Number(id), identity: [{ value: email, type: 'EMAIL' }] },
    },
  }),
  rateLimited: (retryAfterSeconds: number): HubspotReply => ({
    status: 429,
    headers: { 'retry-after': String(retryAfterSeconds) },
    body: { status: 'error', message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT', correlationId: 'c0ffee', policyName: 'TEN_SECONDLY_ROLLING' },
  }),
  serverError: (): HubspotReply => ({ status: 502, body: { status: 'error', message: 'Bad gateway', category: 'INTERNAL_ERROR' } }),
  badRequest: (): HubspotReply => ({ status: 400, body: { status: 'error', message: 'Property values were not valid', category: 'VALIDATION_ERROR', errors: [{ message: 'Email address is invalid', code: 'INVALID_EMAIL' }] } }),
  unknownProperty: (): HubspotReply => ({
    status: 400,
    body: { status: 'error', message: 'Property values were not valid', category: 'VALIDATION_ERROR', errors: [{ message: 'Property "naybourhood_quality_score" does not exist', code: 'PROPERTY_DOESNT_EXIST' }] },
  }),
};

export async function startFakeHubspot() {
  const requests: HubspotRequest[] = [];
  const scripts = new Map<string, HubspotReply[]>();
  let nextId = 1000;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      const r: HubspotRequest = { method: req.method!, path: req.url!, authorization: req.headers.authorization, body, at: Date.now() };
      requests.push(r);
      const email = body.properties?.email as string | undefined;
      const scripted = email !== undefined && req.method === 'POST' ? scripts.get(email)?.shift() : undefined;
      const patch = /^\/crm\/v3\/objects\/contacts\/(\d+)$/.exec(req.url!);
      const reply = scripted ?? (patch ? REPLIES.updated(patch[1]!) : REPLIES.created(String(nextId++)));
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    /** Replies to POSTs for this email, in order; then the default 201. */
    script(email: string, replies: HubspotReply[]) {
      scripts.set(email, replies);
    },
    forEmail: (email: string) => requests.filter((r) => r.body.properties?.email === email),
  };
}
