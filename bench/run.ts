/**
 * `npm run bench`: runs every benchmark in bench/ as a child process (one at a time, so they do
 * not share the CPU), reads the JSON each prints as its last line, and prints one table with each
 * figure beside its reference measured in the same run (bare Fastify route, raw INSERT). The table,
 * with the date, machine and load average, replaces the "Summary table" section of bench/README.md.
 *
 *   npm run bench                          everything
 *   npm run bench -- --only score-http     one or more (comma-separated) benchmarks
 *   npm run bench -- --seconds 3           shorter HTTP runs
 *   npm run bench -- --no-write            print only, leave bench/README.md alone
 *
 * To add a benchmark: put bench/<name>.ts, print a JSON object as its last line, and add an entry
 * to ENTRIES below to say which args it takes and how its figures read. A file without an entry
 * still runs, and every number in its JSON becomes a row.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { BENCH_PG_URL } from './lib/harness.ts';

const { values: opts } = parseArgs({
  options: { only: { type: 'string' }, seconds: { type: 'string', default: '5' }, 'no-write': { type: 'boolean', default: false } },
});
const SECONDS = opts.seconds!;
const BENCH_DIR = path.dirname(new URL(import.meta.url).pathname);
const README = path.join(BENCH_DIR, 'README.md');

/** One line of the table. `reference` names what the figure is compared with, measured in this run. */
export interface Row {
  benchmark: string;
  what: string;
  figure: number;
  unit: string;
  reference?: { what: string; figure: number };
  note?: string;
}

/** Figures other benchmarks may compare with, filled as the run goes (bare Fastify first). */
type References = Record<string, number>;

interface Entry {
  /** bench/<file> */
  file: string;
  args?: (ctx: { seconds: string; postgres: boolean }) => string[];
  /** Minutes before the runner gives up on it. */
  timeoutMin?: number;
  rows?: (json: any, refs: References) => Row[]; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const BARE = 'bare Fastify route (same body schema)';
const SAME = 'bare Fastify route (same body and ≈3 kB response)';

const ENTRIES: Entry[] = [
  {
    file: 'score-http.ts',
    args: ({ seconds }) => [seconds],
    rows: (j, refs) => {
      refs.bare = j.bare.rps;
      return [
        { benchmark: 'score-http', what: BARE, figure: j.bare.rps, unit: 'req/s', note: `p99 ${j.bare.p99} ms` },
        { benchmark: 'score-http', what: SAME, figure: j.sameResponse.rps, unit: 'req/s', note: `p99 ${j.sameResponse.p99} ms` },
        { benchmark: 'score-http', what: 'POST /api/v1/score (auth, rate limit, engine)', figure: j.app.rps, unit: 'req/s', reference: { what: BARE, figure: j.bare.rps }, note: `p50 ${j.app.p50} ms, p99 ${j.app.p99} ms` },
        { benchmark: 'score-http', what: 'POST /api/v1/score, against the same-response route', figure: j.app.rps, unit: 'req/s', reference: { what: SAME, figure: j.sameResponse.rps } },
      ];
    },
  },
  {
    file: 'leads-http.ts',
    args: ({ seconds, postgres }) => [seconds, postgres ? 'both' : 'pglite'],
    rows: (j, refs) =>
      (['PGlite', 'PostgreSQL'] as const).flatMap((db) => {
        const r = j[db];
        if (!r) return [];
        const rawRef = { what: `raw single-row INSERT, ${db}`, figure: r.raw };
        return [
          { benchmark: 'leads-http', what: `raw single-row INSERT (${db})`, figure: r.raw, unit: 'rows/s' },
          { benchmark: 'leads-http', what: `POST /api/v1/leads (${db})`, figure: r.created.rps, unit: 'req/s', reference: rawRef, note: `p50 ${r.created.p50} ms, p99 ${r.created.p99} ms, non-2xx ${r.created.non2xx}` },
          { benchmark: 'leads-http', what: `GET /api/v1/leads, 20 per page (${db})`, figure: r.list.rps, unit: 'req/s', ...(refs.bare ? { reference: { what: BARE, figure: refs.bare } } : {}), note: `p50 ${r.list.p50} ms, p99 ${r.list.p99} ms` },
        ];
      }),
  },
  {
    file: 'scoring-engine.ts',
    args: () => ['4'],
    rows: (j) => [
      { benchmark: 'scoring-engine', what: 'scoreLead(), pure, one core (goal ≥ 200,000)', figure: j.leads_per_s, unit: 'leads/s', note: `${j.ns_per_lead} ns per lead` },
    ],
  },
  // A smaller seed keeps `npm run bench` to minutes; the 1M-lead figures are in its own section below.
  { file: 'stats-at-scale.ts', args: () => ['--leads', '20000', '--requests', '100'], timeoutMin: 20 },
  { file: 'webhook-fanout.ts', args: ({ postgres }) => (postgres ? ['postgres', BENCH_PG_URL] : ['pglite']), timeoutMin: 10 },
];

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: BENCH_PG_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

function runOne(file: string, args: string[], timeoutMin: number): Promise<{ json?: unknown; error?: string; seconds: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(BENCH_DIR, file), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMin * 60_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const seconds = Math.round((Date.now() - started) / 1000);
      const last = out.trim().split('\n').reverse().find((l) => l.trim().startsWith('{'));
      if (code !== 0 || !last) return resolve({ error: `exited with ${signal ?? code}${last ? '' : ', no JSON line'}`, seconds });
      try {
        resolve({ json: JSON.parse(last), seconds });
      } catch {
        resolve({ error: 'the last JSON line does not parse', seconds });
      }
    });
  });
}

/** For benchmarks without an entry: every number in the JSON, by its path. */
function genericRows(benchmark: string, json: unknown, prefix = ''): Row[] {
  if (typeof json === 'number') return [{ benchmark, what: prefix || 'value', figure: json, unit: '' }];
  if (!json || typeof json !== 'object') return [];
  return Object.entries(json).flatMap(([k, v]) => genericRows(benchmark, v, prefix ? `${prefix}.${k}` : k));
}

const fmt = (n: number) => (Number.isInteger(n) ? n.toLocaleString('en-GB') : n.toLocaleString('en-GB', { maximumFractionDigits: 2 }));

export function markdownTable(rows: Row[]): string {
  const lines = ['| benchmark | what | figure | reference, same run | figure ÷ reference | notes |', '|---|---|--:|---|--:|---|'];
  for (const r of rows) {
    const ref = r.reference ? `${r.reference.what}: ${fmt(r.reference.figure)}` : '';
    const ratio = r.reference && r.reference.figure ? `${(r.figure / r.reference.figure).toFixed(2)}×` : '';
    lines.push(`| ${r.benchmark} | ${r.what} | ${fmt(r.figure)} ${r.unit} | ${ref} | ${ratio} | ${r.note ?? ''} |`);
  }
  return lines.join('\n');
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

const SUMMARY_START = '<!-- summary:start (written by `npm run bench`) -->';
const SUMMARY_END = '<!-- summary:end -->';

function writeReadme(section: string) {
  const current = fs.existsSync(README) ? fs.readFileSync(README, 'utf8') : '# Benchmarks\n\n## Summary table\n\n';
  const block = `${SUMMARY_START}\n${section}\n${SUMMARY_END}`;
  const start = current.indexOf(SUMMARY_START);
  const end = current.indexOf(SUMMARY_END);
  const next = start >= 0 && end > start
    ? current.slice(0, start) + block + current.slice(end + SUMMARY_END.length)
    : current.replace(/## Summary table\n/, `## Summary table\n\n${block}\n`);
  fs.writeFileSync(README, next);
}

async function main() {
  const only = opts.only?.split(',').map((s) => s.trim().replace(/\.ts$/, ''));
  const files = fs.readdirSync(BENCH_DIR).filter((f) => f.endsWith('.ts') && f !== 'run.ts');
  const entries: Entry[] = [
    ...ENTRIES.filter((e) => files.includes(e.file)),
    ...files.filter((f) => !ENTRIES.some((e) => e.file === f)).map((file) => ({ file })),
  ].filter((e) => !only || only.includes(e.file.replace(/\.ts$/, '')));
  const postgres = await postgresReachable();
  if (!postgres) console.error(`PostgreSQL at ${BENCH_PG_URL} is not reachable: PostgreSQL figures are left out (set BENCH_PG_URL).`);
  const loadBefore = os.loadavg();
  const refs: References = {};
  const rows: Row[] = [];
  const failures: string[] = [];
  for (const entry of entries) {
    const name = entry.file.replace(/\.ts$/, '');
    console.error(`\n== ${name}`);
    const result = await runOne(entry.file, entry.args?.({ seconds: SECONDS, postgres }) ?? [], entry.timeoutMin ?? 10);
    if (!result.json) {
      failures.push(`${name}: ${result.error}`);
      continue;
    }
    rows.push(...(entry.rows ? entry.rows(result.json, refs) : genericRows(name, result.json)));
  }
  const loadAfter = os.loadavg();
  const table = markdownTable(rows);
  const busy = Math.max(loadBefore[0]!, loadAfter[0]!) > os.cpus().length;
  const section = [
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine()}.`,
    `Load average (1 min) ${loadBefore[0]!.toFixed(1)} before, ${loadAfter[0]!.toFixed(1)} after${busy ? ': **the machine was busy with other work, so these figures are depressed**' : ''}.`,
    '',
    table,
    ...(failures.length ? ['', `Did not produce figures: ${failures.join('; ')}.`] : []),
  ].join('\n');
  console.log(`\n${section}`);
  if (!opts['no-write']) {
    writeReadme(section);
    console.error(`\nbench/README.md updated.`);
  }
  if (failures.length) process.exitCode = 1;
}

await main();
