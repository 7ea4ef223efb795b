/**
 * `naybourhood import leads FILE.csv --company ID …` and `naybourhood model train|list|activate`:
 * the operator's way into learning from outcomes, the same services the API uses.
 */
import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import type { Command, CommandContext } from './commands.ts';
import { openConfiguredDatabase } from '../db/open.ts';
import type { Database } from '../db/client.ts';
import { companies } from '../db/schema/index.ts';
import { isUuid } from '../ids.ts';
import { createImport, runImport, toImportResponse, type Progress } from '../imports/service.ts';
import { activateModel, getModel, listModels, toModelDetail, toModelSummary, trainCompanyModels } from '../models/service.ts';
import type { Tenant } from '../tenant.ts';

async function withTenant<T>(ctx: CommandContext, fn: (tenant: Tenant, database: Database) => Promise<T>): Promise<T> {
  const companyId = ctx.values.company;
  if (typeof companyId !== 'string' || !isUuid(companyId)) throw new Error('--company ID is required (a company id)');
  const database = await openConfiguredDatabase(ctx.config);
  try {
    await database.migrate();
    const [company] = await database.db.select({ id: companies.id }).from(companies).where(eq(companies.id, companyId));
    if (!company) throw new Error(`No company ${companyId}`);
    return await fn({ db: database.db, companyId }, database);
  } finally {
    await database.close();
  }
}

/** A bar redrawn in place on a terminal; otherwise a line at every 10% (logs, CI, pipes). */
export function progressReporter(stream: NodeJS.WriteStream): (p: Progress) => void {
  const started = performance.now();
  let lastDraw = 0, lastDecile = -1;
  return (p) => {
    const rate = Math.round(p.processed / Math.max((performance.now() - started) / 1000, 0.001));
    if (stream.isTTY) {
      const now = performance.now();
      if (p.fraction < 1 && now - lastDraw < 100) return;
      lastDraw = now;
      const filled = Math.round(p.fraction * 30);
      stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${Math.round(p.fraction * 100)}%  ${p.processed.toLocaleString('en-GB')} rows  ${rate}/s `);
      if (p.fraction >= 1) stream.write('\n');
      return;
    }
    const decile = Math.floor(p.fraction * 10);
    if (decile === lastDecile) return;
    lastDecile = decile;
    stream.write(`import: ${decile * 10}% read, ${p.processed} rows, ${rate} rows/s\n`);
  };
}

function parseMap(v: unknown): Record<string, string> | undefined {
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  const out: Record<string, string> = {};
  for (const pair of v.split(',')) {
    const eqAt = pair.indexOf('=');
    if (eqAt <= 0) throw new Error(`--map takes col=field pairs separated by commas; "${pair}" is not one`);
    out[pair.slice(0, eqAt).trim()] = pair.slice(eqAt + 1).trim();
  }
  return out;
}

export const learningCommands: Command[] = [
  {
    name: ['import', 'leads'],
    usage: 'import leads FILE.csv --company ID [--map col=field,…] [--outcome-column NAME] [--history]',
    options: { company: { type: 'string' }, map: { type: 'string' }, 'outcome-column': { type: 'string' }, history: { type: 'boolean', default: false } },
    async run(ctx) {
      const file = ctx.positionals[0];
      if (!file) throw new Error('Give the CSV file to import');
      const content = fs.readFileSync(file);
      const t0 = performance.now();
      const result = await withTenant(ctx, async (tenant, database) => {
        const created = await createImport(tenant, {
          history: ctx.values.history === true, filename: file.split('/').pop() ?? file, content,
          map: parseMap(ctx.values.map), outcomeColumn: (ctx.values['outcome-column'] as string | undefined) ?? null,
        }, { enqueue: false });
        return runImport(database.db, tenant.companyId, created.id, ctx.json ? undefined : progressReporter(process.stderr));
      });
      const seconds = (performance.now() - t0) / 1000;
      const r = toImportResponse(result);
      const lines = [
        `Import ${r.id} ${r.status}: ${r.processed_rows} rows in ${seconds.toFixed(1)} s (${Math.round(r.processed_rows / seconds)}/s)`,
        `  ${r.mode === 'history' ? 'training examples added' : 'leads created'}: ${r.inserted}, merged: ${r.merged}, already imported: ${r.duplicates}, refused: ${r.failed}`,
        ...r.errors.slice(0, 20).map((e) => `  line ${e.line}${e.field ? `, ${e.field}` : ''}: ${e.reason}`),
      ];
      if (r.errors.length > 20) lines.push(`  … and ${r.failed - 20} more refused rows (--json lists up to 1000)`);
      if (r.error) lines.push(`  ${r.error}`);
      ctx.out(lines.join('\n'), r);
      return r.status === 'succeeded' ? 0 : 1;
    },
  },
  {
    name: ['model', 'train'],
    usage: 'model train --company ID             train p_show and p_sql models now; activates those that beat the prior',
    options: { company: { type: 'string' } },
    async run(ctx) {
      const t0 = performance.now();
      const results = await withTenant(ctx, (tenant) => trainCompanyModels(tenant.db, tenant.companyId));
      const seconds = ((performance.now() - t0) / 1000).toFixed(1);
      const lines = results.map(({ model }) => {
        const d = toModelDetail(model);
        const m = d.metrics?.model;
        return `${d.model_version} (${d.algorithm}): ${d.active ? 'ACTIVE' : 'not active'}${m ? ` — held-out AUC ${m.auc.toFixed(3)}, ECE ${m.ece.toFixed(3)}, lift ${m.top_decile_lift.toFixed(2)}` : ''}\n  ${d.reason}`;
      });
      ctx.out(`Trained in ${seconds} s\n${lines.join('\n')}`, results.map(({ model }) => toModelDetail(model)));
    },
  },
  {
    name: ['model', 'list'],
    usage: 'model list --company ID              every model version, which is active and why',
    options: { company: { type: 'string' } },
    async run(ctx) {
      const rows = await withTenant(ctx, (tenant) => listModels(tenant));
      const lines = rows.map((r) => { const s = toModelSummary(r); return `${s.id}  ${s.model_version}  ${s.algorithm}  ${s.active ? 'active' : s.eligible ? 'eligible' : 'kept'}  ${s.reason}`; });
      ctx.out(lines.length ? lines.join('\n') : 'No models yet: run `naybourhood model train --company ID`', rows.map(toModelSummary));
    },
  },
  {
    name: ['model', 'activate'],
    usage: 'model activate MODEL_ID --company ID  make a model active (a newer one, or roll back to an older one)',
    options: { company: { type: 'string' } },
    async run(ctx) {
      const id = ctx.positionals[0];
      if (!id || !isUuid(id)) throw new Error('Give the id of the model to activate');
      const row = await withTenant(ctx, async (tenant) => { await getModel(tenant, id); return activateModel(tenant, id); });
      ctx.out(`Active: ${toModelSummary(row).model_version} (${row.id})`, toModelSummary(row));
    },
  },
];
