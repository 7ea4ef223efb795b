/**
 * CSV imports: accepted as a row with the file and a durable job in one transaction, then read in
 * batches. History rows become training examples only (one statement per batch, duplicates skipped
 * by content); live rows are scored and merged into the company's leads by email.
 */
import { randomUUID } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.ts';
import { imports, trainingExamples, type ImportRowError } from '../db/schema/index.ts';
import { enqueueJobs } from '../jobs/queue.ts';
import { AppError, invalid, notFound } from '../http/errors.ts';
import { upsertLeadByEmail } from '../leads/service.ts';
import type { LeadCreate } from '../leads/schemas.ts';
import type { Tenant } from '../tenant.ts';
import { CsvFileError, mapColumns, readCsv, type ColumnRole } from './csv.ts';
import { readRecord, type ImportedRow } from './rows.ts';

export const IMPORT_JOB = 'import.process';
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
const BATCH = 1000;
const MAX_REPORTED_ERRORS = 1000;

export type ImportRecord = typeof imports.$inferSelect;

export interface ImportRequest {
  history: boolean;
  filename?: string | null;
  content: Buffer;
  map?: Record<string, string>;
  outcomeColumn?: string | null;
}

export interface Progress {
  processed: number;
  /** fraction of the file read, 0–1 */
  fraction: number;
}

/**
 * Checks the header (mapping, outcome column) before anything is stored, so a file that cannot
 * work is refused at once; then stores it with its job.
 */
export async function createImport(tenant: Tenant, req: ImportRequest, opts: { enqueue?: boolean } = {}): Promise<ImportRecord> {
  if (req.content.length === 0) throw invalid('The file is empty', [{ field: 'file', message: 'is empty' }]);
  if (req.content.length > MAX_IMPORT_BYTES) throw invalid(`The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`, [{ field: 'file', message: 'is too large' }]);
  if (req.history && !req.outcomeColumn) {
    throw invalid('A history import needs an outcome column', [{ field: 'outcome_column', message: 'is required with history' }]);
  }
  await headerRoles(req.content, req);
  const id = randomUUID();
  return tenant.db.transaction(async (tx) => {
    const [row] = await tx.insert(imports).values({
      id,
      companyId: tenant.companyId,
      mode: req.history ? 'history' : 'live',
      filename: req.filename?.slice(0, 255) ?? null,
      options: { map: req.map, outcome_column: req.outcomeColumn ?? null },
      // NUL cannot be stored in PostgreSQL text; no CSV cell needs it
      content: req.content.toString('utf8').replaceAll('\u0000', ''),
    }).returning();
    if (opts.enqueue !== false) {
      await enqueueJobs(tx, [{ kind: IMPORT_JOB, companyId: tenant.companyId, payload: { import_id: id }, maxAttempts: 3, dedupeKey: id }]);
    }
    return row!;
  });
}

async function headerRoles(content: Buffer, req: Pick<ImportRequest, 'map' | 'outcomeColumn'>): Promise<{ headers: string[]; roles: ColumnRole[] }> {
  try {
    for await (const rec of readCsv(content.subarray(0, Math.min(content.length, 256 * 1024)))) {
      const headers = rec.cells.map((h) => h.trim());
      if (headers.length > 200) throw new CsvFileError('The file has more than 200 columns');
      return { headers, roles: mapColumns(headers, { map: req.map, outcomeColumn: req.outcomeColumn }) };
    }
  } catch (e) {
    // a large file cut mid-record at 256 kB can look unreadable: only the header matters here
    if (e instanceof CsvFileError) throw invalid(e.message, [{ field: 'file', message: e.message }]);
    throw e;
  }
  throw invalid('The file has no header row', [{ field: 'file', message: 'has no header row' }]);
}

export async function getImport(tenant: Tenant, id: string): Promise<ImportRecord> {
  const [row] = await tenant.db.select().from(imports).where(and(eq(imports.id, id), eq(imports.companyId, tenant.companyId)));
  if (!row) throw notFound('Import');
  return row;
}

export async function listImports(tenant: Tenant): Promise<ImportRecord[]> {
  return tenant.db.select().from(imports).where(eq(imports.companyId, tenant.companyId)).orderBy(desc(imports.createdAt)).limit(100);
}

/**
 * Reads the stored file and writes its rows. Safe to run again after a crash: history rows are
 * keyed by content and live rows merge by email, so nothing is added twice.
 */
export async function runImport(db: Db, companyId: string, importId: string, onProgress?: (p: Progress) => void): Promise<ImportRecord> {
  const tenant: Tenant = { db, companyId };
  const job = await getImport(tenant, importId);
  if (job.status === 'succeeded' || job.status === 'failed' || job.content === null) return job;
  await db.update(imports).set({ status: 'running', processedRows: 0, inserted: 0, merged: 0, duplicates: 0, failed: 0, errors: [] }).where(eq(imports.id, importId));
  const content = Buffer.from(job.content, 'utf8');
  const history = job.mode === 'history';
  const counts = { processed: 0, inserted: 0, merged: 0, duplicates: 0, failed: 0 };
  const errors: ImportRowError[] = [];
  const startedAt = job.createdAt.getTime();
  let headers: string[] = [];
  let roles: ColumnRole[] | null = null;
  let batch: { row: ImportedRow; line: number }[] = [];
  // identical rows in one file are distinct leads: the n-th copy gets its own key, the same on every run
  const copies = new Map<string, number>();

  const flush = async (fraction: number) => {
    if (batch.length > 0) {
      if (history) {
        const added = await insertExamples(db, companyId, importId, batch, startedAt);
        counts.inserted += added;
        counts.duplicates += batch.length - added;
      } else {
        for (const { row, line } of batch) {
          // a blank cell says nothing: it never clears a field of the lead it merges into
          const input = Object.fromEntries(Object.entries(row.lead).filter(([, v]) => v !== null && v !== undefined)) as LeadCreate;
          try {
            const { merged } = await upsertLeadByEmail(tenant, input, 'import');
            if (merged) counts.merged++;
            else counts.inserted++;
          } catch (e) {
            if (!(e instanceof AppError) || e.code === 'INTERNAL') throw e;
            counts.failed++;
            if (errors.length < MAX_REPORTED_ERRORS) errors.push({ line, field: e.details?.[0]?.field ?? null, reason: e.details?.[0]?.message ?? e.message });
          }
        }
      }
      batch = [];
    }
    await db.update(imports).set({
      processedRows: counts.processed, inserted: counts.inserted, merged: counts.merged, duplicates: counts.duplicates,
      failed: counts.failed, errors: errors.slice(0, MAX_REPORTED_ERRORS),
    }).where(eq(imports.id, importId));
    onProgress?.({ processed: counts.processed, fraction });
  };

  try {
    for await (const rec of readCsv(content)) {
      if (roles === null) {
        headers = rec.cells.map((h) => h.trim());
        roles = mapColumns(headers, { map: job.options.map, outcomeColumn: job.options.outcome_column });
        continue;
      }
      counts.processed++;
      const read = readRecord(rec, headers, roles, history);
      if (Array.isArray(read)) {
        counts.failed++;
        if (errors.length < MAX_REPORTED_ERRORS) errors.push(...read.slice(0, MAX_REPORTED_ERRORS - errors.length));
      } else {
        const n = copies.get(read.key) ?? 0;
        copies.set(read.key, n + 1);
        batch.push({ row: n === 0 ? read : { ...read, key: `${read.key}:${n}` }, line: rec.line });
      }
      if (batch.length >= BATCH) await flush(rec.bytes / content.length);
    }
    await flush(1);
  } catch (e) {
    const message = e instanceof CsvFileError ? e.message : null;
    if (message === null) throw e;
    await finish(db, importId, 'failed', counts, errors, message);
    return getImport(tenant, importId);
  }
  await finish(db, importId, 'succeeded', counts, errors, null);
  return getImport(tenant, importId);
}

async function finish(
  db: Db, id: string, status: 'succeeded' | 'failed', counts: { processed: number; inserted: number; merged: number; duplicates: number; failed: number },
  errors: ImportRowError[], error: string | null,
) {
  await db.update(imports).set({
    status, totalRows: counts.processed, processedRows: counts.processed, inserted: counts.inserted, merged: counts.merged,
    duplicates: counts.duplicates, failed: counts.failed, errors: errors.slice(0, MAX_REPORTED_ERRORS), error,
    content: null, finishedAt: sql`now()`,
  }).where(eq(imports.id, id));
}

/** One statement per batch; a row already imported (same content) is skipped. Returns rows added. */
async function insertExamples(db: Db, companyId: string, importId: string, batch: { row: ImportedRow; line: number }[], startedAt: number): Promise<number> {
  // rows without a date keep the file's order: the n-th line is n milliseconds after the upload
  const rows = JSON.stringify(batch.map(({ row, line }) => ({
    id: randomUUID(),
    row_key: row.key,
    lead: row.lead,
    show: row.outcome?.show ?? null,
    sql: row.outcome?.sql ?? null,
    occurred_at: (row.createdAt ?? new Date(startedAt + line)).toISOString(),
  })));
  const added = await queryRows(db, sql`insert into ${trainingExamples} (id, company_id, import_id, row_key, lead, show, sql, occurred_at)
    select id, ${companyId}, ${importId}, row_key, lead, show, sql, occurred_at
    from json_to_recordset(${rows}::json) as r(id uuid, row_key text, lead jsonb, show boolean, sql boolean, occurred_at timestamptz)
    on conflict do nothing
    returning 1 as added`);
  return added.length;
}

/** The import as the API shows it. */
export function toImportResponse(row: ImportRecord) {
  return {
    id: row.id,
    mode: row.mode,
    status: row.status,
    filename: row.filename,
    total_rows: row.totalRows,
    processed_rows: row.processedRows,
    inserted: row.inserted,
    merged: row.merged,
    duplicates: row.duplicates,
    failed: row.failed,
    errors: row.errors,
    error: row.error,
    created_at: row.createdAt,
    finished_at: row.finishedAt,
  };
}
