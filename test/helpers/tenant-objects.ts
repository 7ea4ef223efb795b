/**
 * Gives a tenant one or more objects behind every collection the OpenAPI document lists, so that
 * tests driven by the document have real ids for every `{id}`: known examples first (leads,
 * developments, webhooks), else bodies generated from the collection's POST schema until one is
 * accepted. New endpoints are covered without touching this file.
 */
import fc from 'fast-check';
import { leadInput, type TestTenant } from './app.ts';
import { schemaArbitrary, type OpenApiDoc, type Operation, type ValueHints } from './api-surface.ts';
import { trainCompanyModels } from '../../src/models/service.ts';

/** Bodies that a collection's POST accepts; the marker lets leak checks find the object's text. */
const EXAMPLES: Record<string, (marker: string, n: number) => unknown> = {
  '/api/v1/leads': (marker, n) =>
    leadInput({ full_name: `Marker ${marker} ${n}`, email: `${marker}.${n}@example.com`, notes: `notes ${marker}`, location: `Street ${marker}` }),
  '/api/v1/developments': (marker, n) => ({ name: `Development ${marker} ${n}`, location: `London ${marker}`, total_units: 120, price_from: 350_000, price_to: 900_000 }),
  // Port 9 (discard) refuses at once; the app under test needs WEBHOOK_ALLOW_PRIVATE_URLS=true.
  '/api/v1/webhooks': (_marker, n) => ({ url: `http://127.0.0.1:9/naybourhood/${n}`, events: ['lead.created', 'lead.scored', 'lead.status_changed'] }),
};

/** A multipart/form-data body with one CSV file and text fields, as curl -F sends it. */
export function multipartCsv(fields: Record<string, string>, csv: string | Buffer | null, filename = 'leads.csv') {
  const boundary = `----nbtest${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (csv !== null) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n`));
    chunks.push(Buffer.isBuffer(csv) ? csv : Buffer.from(csv), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Collections whose objects are not made by a JSON POST: an upload, or a background job's result. */
const SEEDERS: Record<string, (t: TestTenant, marker: string) => Promise<void>> = {
  '/api/v1/imports': async (t, marker) => {
    const { body, headers } = multipartCsv({ history: 'true', outcome_column: 'outcome' }, `source,note,outcome\nReferral,${marker},won\n`);
    await t.request('POST', '/api/v1/imports', body, headers);
  },
  // a training run stores a model row per target even without outcomes (kept, saying why)
  '/api/v1/models': async (t) => { await trainCompanyModels(t.db, t.companyId); },
};

export interface TenantObjects {
  /** Collection path (e.g. /api/v1/leads) → ids of this tenant's objects in it. */
  ids: Map<string, string[]>;
  /** Lead emails (for `email` parameters). */
  emails: string[];
  hints: ValueHints;
}

/** The collection an item path belongs to: /api/v1/leads/{id}/scores → /api/v1/leads. */
export const collectionOf = (path: string) => path.slice(0, path.indexOf('/{')) || path;

export async function seedTenantObjects(doc: OpenApiDoc, ops: Operation[], t: TestTenant, marker: string, perCollection = 2): Promise<TenantObjects> {
  const collections = [...new Set(ops.filter((o) => o.path.includes('/{id}')).map((o) => collectionOf(o.path)))];
  const ids = new Map<string, string[]>();
  const emails: string[] = [];
  const hints: ValueHints = { byName: { client_id: [t.companyId] } };
  // Leads first: other objects (and generated bodies) may refer to them.
  collections.sort((a, b) => (a.endsWith('/leads') ? -1 : b.endsWith('/leads') ? 1 : 0));
  for (const collection of collections) {
    const found: string[] = [];
    const create = ops.find((o) => o.method === 'POST' && o.path === collection);
    if (create) {
      const bodies: unknown[] = [];
      const example = EXAMPLES[collection];
      for (let n = 0; n < perCollection; n++) if (example) bodies.push(example(marker, n));
      if (create.body) bodies.push(...fc.sample(schemaArbitrary(doc, create.body, hints), { numRuns: 30, seed: 42 }));
      for (const body of bodies) {
        if (found.length >= perCollection) break;
        const res = await t.request('POST', collection, body);
        if (res.statusCode >= 200 && res.statusCode < 300) {
          const json = res.json() as Record<string, unknown>;
          const id = (json.id ?? (json.data as { id?: string } | undefined)?.id) as string | undefined;
          if (id) found.push(id);
          if (typeof json.email === 'string') emails.push(json.email);
        }
      }
    }
    await SEEDERS[collection]?.(t, marker);
    const list = ops.find((o) => o.method === 'GET' && o.path === collection);
    if (list) {
      const res = await t.request('GET', collection);
      const data = res.statusCode === 200 ? (res.json() as { data?: { id?: string }[] }).data : undefined;
      for (const item of data ?? []) if (item.id && !found.includes(item.id)) found.push(item.id);
    }
    ids.set(collection, found);
  }
  const leadIds = ids.get('/api/v1/leads') ?? [];
  hints.byName = {
    ...hints.byName,
    buyer_id: leadIds,
    buyer_ids: leadIds,
    lead_id: leadIds,
    development_id: ids.get('/api/v1/developments') ?? [],
    email: emails,
  };
  return { ids, emails, hints };
}

/** A real value for a path parameter: the tenant's object of that collection, or its company. */
export function realPathValues(op: Operation, objects: TenantObjects, companyId: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of op.params.filter((x) => x.in === 'path')) {
    if (p.name === 'id') out[p.name] = objects.ids.get(collectionOf(op.path)) ?? [];
    else if (p.name === 'client_id' || p.name === 'company_id') out[p.name] = [companyId];
    else out[p.name] = objects.hints.byName[p.name] ?? [];
  }
  return out;
}
