/**
 * What an integrator writes against the client generated from docs/openapi.json (see
 * test/generated-client.test.ts, which generates `./client`, compiles this strictly and runs it
 * against a live server). Only the generated functions and types are used: if the document and
 * the server disagree, this fails to compile or to run.
 */
import { createClient } from './client/client/index.js';
import {
  archiveDevelopment,
  createDevelopment,
  createLead,
  getDevelopment,
  listDevelopments,
  listLeadScores,
  listLeads,
  updateLead,
} from './client/sdk.gen.js';
import type { Development, LeadWithBreakdown } from './client/types.gen.js';

export interface JourneyResult {
  development: Development;
  listed: string[];
  lead: LeadWithBreakdown;
  leadsInDevelopment: number;
  history: { classification: string; quality_score: number }[];
  pages: number;
  archived: Development;
  listedAfterArchive: string[];
  listedWithArchived: string[];
}

export async function runJourney(baseUrl: string, apiKey: string): Promise<JourneyResult> {
  const client = createClient({ baseUrl, headers: { Authorization: `Bearer ${apiKey}` } });

  // create
  const created = await createDevelopment({
    client,
    throwOnError: true,
    headers: { 'Idempotency-Key': `journey-${Date.now()}` },
    body: { name: 'Riverside Quarter', location: 'London SE1', price_from: 385000, price_to: 1250000 },
  });
  const development = created.data;

  // list
  const listed = (await listDevelopments({ client, throwOnError: true })).data.data.map((d) => d.id);

  // a lead in it, changed twice: three scores in its history
  const lead = (
    await createLead({
      client,
      throwOnError: true,
      body: { full_name: 'James Wilson', email: `james+${Date.now()}@example.com`, budget: '£600k', payment_method: 'mortgage', timeline: '6 months', development_id: development.id },
    })
  ).data;
  await updateLead({ client, throwOnError: true, path: { id: lead.id }, body: { payment_method: 'cash' } });
  await updateLead({ client, throwOnError: true, path: { id: lead.id }, body: { timeline: '28 days' } });
  const leadsInDevelopment = (await listLeads({ client, throwOnError: true, query: { development_id: development.id, created_from: new Date().toISOString().slice(0, 10) } })).data.data.length;

  // history, a page at a time
  const history: JourneyResult['history'] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = (await listLeadScores({ client, throwOnError: true, path: { id: lead.id }, query: { limit: 2, ...(cursor ? { cursor } : {}) } })).data;
    pages++;
    history.push(...page.data.map((s) => ({ classification: s.classification, quality_score: s.quality_score })));
    cursor = page.pagination.hasMore && page.pagination.nextCursor ? page.pagination.nextCursor : undefined;
  } while (cursor);

  // archive
  const archived = (await archiveDevelopment({ client, throwOnError: true, path: { id: development.id } })).data;
  const listedAfterArchive = (await listDevelopments({ client, throwOnError: true })).data.data.map((d) => d.id);
  const listedWithArchived = (await listDevelopments({ client, throwOnError: true, query: { include_archived: true } })).data.data.map((d) => d.id);
  const reread = (await getDevelopment({ client, throwOnError: true, path: { id: development.id } })).data;
  if (reread.archived_at !== archived.archived_at) throw new Error('an archived development reads back with its archived_at');

  return { development, listed, lead, leadsInDevelopment, history, pages, archived, listedAfterArchive, listedWithArchived };
}
