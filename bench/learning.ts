/**
 * Import → train → evaluate on a public data set. First the file goes through the product's own
 * `--history` import into a fresh PGlite (rows/s beside a raw bulk INSERT of the same rows in the
 * same run) and `model train` runs on what was stored. Then, on the same rows: UCI bank marketing (41,188 telemarketing calls,
 * outcome `y`, 11.3% positive). `duration` is left out by the leakage guard (a call's length is
 * known only once its outcome is). Prints, for the gradient-boosted trees the product trains, a
 * plain L2 logistic regression over the same bins and the priors:
 *   - 5-fold cross-validation (seeded) and the chronological split the product's training uses
 *     (oldest 80% → newest 20%; the file is in date order);
 *   - a learning curve at 200, 500, 1,000 and 5,000 labelled rows (mean of 5 seeded draws, tested
 *     on a fixed 20% of the file);
 *   - training time for 50,000 labelled rows on one core.
 *
 *   node --import tsx bench/learning.ts --data ../shared/datasets/bank-additional-full.csv
 *   LEARNING_DATASET=… node --import tsx bench/learning.ts
 *
 * The last line is JSON for bench/run.ts.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { readCsv, mapColumns, parseOutcome } from '../src/imports/csv.ts';
import {
  crossValidate, trainModel, fitCalibrated, probabilities, evaluate, seededRandom, leadRow, type Example, type Metrics, type Algorithm,
} from '../src/learning/index.ts';
import { scoreLead } from '../src/scoring/index.ts';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/client.ts';
import { createCompany } from '../src/companies/service.ts';
import { createImport, runImport } from '../src/imports/service.ts';
import { trainCompanyModels, toModelDetail } from '../src/models/service.ts';

const { values: opts } = parseArgs({ options: { data: { type: 'string' }, outcome: { type: 'string', default: 'y' } } });
const file = opts.data ?? process.env.LEARNING_DATASET ?? '../shared/datasets/bank-additional-full.csv';
if (!fs.existsSync(file)) {
  console.error(`No data set at ${file}: pass --data PATH or set LEARNING_DATASET.`);
  process.exit(2);
}

/** The file as training examples, read the way an import reads it (attributes + engine signals). */
async function loadExamples(path: string, outcomeColumn: string): Promise<Example[]> {
  const out: Example[] = [];
  let roles: ReturnType<typeof mapColumns> | null = null;
  let headers: string[] = [];
  for await (const rec of readCsv(fs.readFileSync(path))) {
    if (roles === null) { headers = rec.cells; roles = mapColumns(headers, { outcomeColumn }); continue; }
    const attributes: Record<string, string> = {};
    let label: 0 | 1 | null = null;
    rec.cells.forEach((v, i) => {
      const role = roles![i];
      if (role?.kind === 'attribute') attributes[role.name] = v;
      else if (role?.kind === 'outcome') { const o = parseOutcome(v); label = o ? (o.sql ? 1 : 0) : null; }
    });
    if (label === null) continue;
    const lead = { full_name: '', attributes };
    out.push({ row: leadRow(lead), label, time: rec.line, prior: scoreLead(lead).probabilities.p_sql });
  }
  return out;
}

const results_import: Record<string, number> = {};
// import → train through the product, on an in-memory PGlite
{
  const database = await openDatabase({ kind: 'pglite-memory' });
  await database.migrate();
  const db = database.db;
  const company = await createCompany(db, 'Bank');
  const content = fs.readFileSync(file);
  let t = performance.now();
  const created = await createImport({ db, companyId: company.id }, { history: true, content, outcomeColumn: opts.outcome!, filename: 'bank.csv' }, { enqueue: false });
  const done = await runImport(db, company.id, created.id);
  const importSeconds = (performance.now() - t) / 1000;
  // reference: the very rows the import stored, read back and written again by raw bulk INSERTs of 1,000
  const other = await createCompany(db, 'Raw');
  const raw = (await db.execute(sql`select lead, show, sql, occurred_at from training_examples where company_id = ${company.id}`) as unknown as { rows: Record<string, unknown>[] })
    .rows.map((r, i) => ({ ...r, id: randomUUID(), row_key: `k${i}` }));
  t = performance.now();
  for (let i = 0; i < raw.length; i += 1000) {
    await db.execute(sql`insert into training_examples (id, company_id, row_key, lead, show, sql, occurred_at)
      select id, ${other.id}, row_key, lead, show, sql, occurred_at
      from json_to_recordset(${JSON.stringify(raw.slice(i, i + 1000))}::json) as r(id uuid, row_key text, lead jsonb, show boolean, sql boolean, occurred_at timestamptz)`);
  }
  const rawSeconds = (performance.now() - t) / 1000;
  console.log(`Import (--history, PGlite): ${done.processedRows} rows in ${importSeconds.toFixed(1)} s = ${Math.round(done.processedRows / importSeconds)} rows/s; ` +
    `raw bulk INSERT of as many rows, same run: ${Math.round(done.processedRows / rawSeconds)} rows/s (added ${done.inserted}, identical rows ${done.duplicates}, refused ${done.failed})`);
  t = performance.now();
  const trained = await trainCompanyModels(db, company.id);
  const trainSeconds = (performance.now() - t) / 1000;
  for (const { model } of trained) {
    const d = toModelDetail(model);
    console.log(`model train: ${d.model_version} ${d.active ? 'ACTIVE' : 'not active'} — ${d.reason}`);
  }
  console.log(`model train (both targets, reading ${done.inserted} stored rows): ${trainSeconds.toFixed(1)} s`);
  results_import.import_rows_per_second = done.processedRows / importSeconds;
  results_import.raw_insert_rows_per_second = done.processedRows / rawSeconds;
  results_import.model_train_seconds = trainSeconds;
  await database.close();
}

const t0 = performance.now();
const examples = await loadExamples(file, opts.outcome!);
const loadMs = performance.now() - t0;
const positives = examples.reduce((s, e) => s + e.label, 0);
console.log(`${file}: ${examples.length} labelled rows, ${positives} positive (${(100 * positives / examples.length).toFixed(2)}%), read in ${(loadMs / 1000).toFixed(1)} s`);

const f3 = (v: number) => (Number.isNaN(v) ? 'n/a' : v.toFixed(3));
const line = (name: string, m: Metrics) =>
  `| ${name} | ${f3(m.auc)} | ${m.log_loss.toFixed(4)} | ${m.brier.toFixed(4)} | ${f3(m.ece)} | ${m.top_decile_lift.toFixed(2)} |`;
const header = '| model | AUC | log loss | Brier | ECE | top-decile lift |\n|---|--:|--:|--:|--:|--:|';

const results: Record<string, unknown> = { rows: examples.length, positives, ...results_import };

// 5-fold cross-validation
console.log('\n5-fold cross-validation (seed 1), pooled out-of-fold predictions\n' + header);
for (const algorithm of ['gbdt', 'logistic'] as const) {
  const t = performance.now();
  const cv = crossValidate(examples, 5, 1, { algorithm });
  console.log(line(algorithm === 'gbdt' ? 'gradient-boosted trees' : 'logistic regression (L2, binned)', cv.model) + ` (${((performance.now() - t) / 1000).toFixed(1)} s)`);
  results[`cv_${algorithm}_auc`] = cv.model.auc;
  results[`cv_${algorithm}_ece`] = cv.model.ece;
  results[`cv_${algorithm}_lift`] = cv.model.top_decile_lift;
  if (algorithm === 'gbdt') { console.log(line('priors', cv.prior)); results.cv_prior_auc = cv.prior.auc; }
}

// chronological: exactly what `model train` does
console.log('\nChronological split as `model train` does it (oldest 80% train and calibrate, newest 20% held out)\n' + header);
for (const algorithm of ['gbdt', 'logistic'] as const) {
  const { report } = trainModel(examples, { algorithm });
  const m = report.metrics!;
  console.log(line(algorithm === 'gbdt' ? 'gradient-boosted trees' : 'logistic regression (L2, binned)', m.model));
  if (algorithm === 'gbdt') {
    console.log(line('priors', m.prior));
    console.log(`activation: ${report.activate ? 'yes' : 'no'} — ${report.reason}`);
    console.log(`top factors: ${report.top_factors.map((f) => `${f.column} ${f.importance}`).join(', ')}`);
  }
  results[`chrono_${algorithm}_auc`] = m.model.auc;
  results[`chrono_${algorithm}_ece`] = m.model.ece;
  results[`chrono_${algorithm}_lift`] = m.model.top_decile_lift;
}

// learning curve on a fixed random test fifth
const rand = seededRandom(7);
const isTest = examples.map(() => rand() < 0.2);
const test = examples.filter((_, i) => isTest[i]);
const pool = examples.filter((_, i) => !isTest[i]);
const testY = Uint8Array.from(test, (e) => e.label);
console.log(`\nLearning curve: AUC / ECE on a fixed ${test.length}-row test set, mean of 5 draws\n| labelled rows | gradient-boosted trees | logistic regression | priors |\n|--:|--:|--:|--:|`);
const priorM = evaluate(Float64Array.from(test, (e) => e.prior), testY);
for (const size of [200, 500, 1000, 5000]) {
  const cells: string[] = [];
  for (const algorithm of ['gbdt', 'logistic'] as Algorithm[]) {
    let aucSum = 0, eceSum = 0;
    for (let draw = 0; draw < 5; draw++) {
      const r = seededRandom(100 + draw);
      const sample = pool.map((e) => [r(), e] as const).sort((a, b) => a[0] - b[0]).slice(0, size).map(([, e]) => e);
      const model = fitCalibrated(sample.filter((_, i) => i % 5 !== 4), sample.filter((_, i) => i % 5 === 4), { algorithm });
      const m = evaluate(probabilities(model, test), testY);
      aucSum += m.auc; eceSum += m.ece;
    }
    cells.push(`${f3(aucSum / 5)} / ${f3(eceSum / 5)}`);
    results[`curve_${size}_${algorithm}_auc`] = aucSum / 5;
  }
  console.log(`| ${size} | ${cells.join(' | ')} | ${f3(priorM.auc)} / ${f3(priorM.ece)} |`);
}

// training time at 50,000 labelled rows (the file's rows resampled with a seed)
const r50 = seededRandom(9);
const big: Example[] = Array.from({ length: 50_000 }, (_, i) => ({ ...examples[Math.floor(r50() * examples.length)]!, time: i }));
const timings: Record<string, number> = {};
for (const algorithm of ['gbdt', 'logistic'] as const) {
  const t = performance.now();
  trainModel(big, { algorithm });
  timings[algorithm] = (performance.now() - t) / 1000;
}
console.log(`\nTraining 50,000 labelled rows on one core: gradient-boosted trees ${timings.gbdt!.toFixed(1)} s, logistic regression ${timings.logistic!.toFixed(1)} s (goal < 30 s)`);
results.train_50k_gbdt_seconds = timings.gbdt;
results.train_50k_logistic_seconds = timings.logistic;
console.log(JSON.stringify(results));
