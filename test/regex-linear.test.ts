/**
 * Every regular expression in src/ must match in linear time: a pattern whose matching time grows
 * with the square (or worse) of its input lets one request freeze the event loop (a quadratic
 * question-matching pattern once blocked /healthz for 7 s on a 250 KB Typeform title).
 *
 * The test parses each source file (TypeScript stripped by esbuild, parsed by acorn), collects every
 * regex literal and every `new RegExp(…)` / `RegExp(…)` with a constant pattern, and asks the ReDoS
 * checker `recheck` (its pure JavaScript backend: no native binary, no JVM) whether the pattern is
 * safe. A failure names the file, the pattern and the attack string recheck found.
 *
 * A pattern built at run time cannot be checked here, so each such site must be listed below with
 * the reason it is safe; a new one fails the test until it is looked at.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'acorn';
import { simple } from 'acorn-walk';
import { transformSync } from 'esbuild';

process.env.RECHECK_BACKEND = 'pure';
process.env.RECHECK_SYNC_BACKEND = 'pure';
const { checkSync } = await import('recheck');

const ROOT = join(import.meta.dirname, '..');

/** Sites that compile a pattern from data, with why the data cannot make them slow. */
const DYNAMIC_SITES: Record<string, { count: number; why: string }> = {
  'src/scoring/phone-intl.ts': { count: 4, why: 'libphonenumber metadata patterns (digit classes, bounded repeats), run on at most 17 digits' },
  'src/scoring/phone.ts': { count: 3, why: 'libphonenumber metadata patterns (digit classes, bounded repeats), run on at most 17 digits' },
  'src/scoring/text.ts': { count: 1, why: 'an alternation of literal keyboard walks; checked by value below' },
  'src/scoring/phrases.ts': { count: 1, why: 'a trie of literal phrases between word boundaries, with no repetition; checked by value below' },
};

/**
 * Super-linear patterns in the scoring engine, whose parsers are being rewritten on their own
 * branch. Their inputs are capped by the lead schema (200 characters for these fields), which bounds
 * the damage, but they are listed by pattern so each one is visible here; an entry whose pattern is
 * gone (fixed) fails the test until it is removed, so the list cannot outlive the defects.
 */
const KNOWN_SUPERLINEAR: { file: string; startsWith: string }[] = [
  { file: 'src/scoring/name.ts', startsWith: String.raw`^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$` },
  { file: 'src/scoring/email.ts', startsWith: String.raw`^[a-z0-9!#$%&'*+/=?^_` },
];

interface Found {
  file: string;
  line: number;
  source: string;
  flags: string;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

type Node = { type: string; start: number; [k: string]: unknown };

function constantString(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && (node.expressions as unknown[]).length === 0) {
    return (node.quasis as { value: { cooked: string } }[])[0]!.value.cooked;
  }
  return undefined;
}

function regexesIn(path: string): { found: Found[]; dynamic: number } {
  const file = relative(ROOT, path);
  // Keep lines where they are (esbuild keeps line structure closely enough for a pointer).
  const js = transformSync(readFileSync(path, 'utf8'), { loader: 'ts', format: 'esm', target: 'es2022' }).code;
  const lineOf = (offset: number) => js.slice(0, offset).split('\n').length;
  const found: Found[] = [];
  let dynamic = 0;
  const constructed = (node: Node) => {
    const callee = node.callee as Node;
    if (callee.type !== 'Identifier' || callee.name !== 'RegExp') return;
    const [patternArg, flagsArg] = node.arguments as Node[];
    const source = constantString(patternArg);
    if (source === undefined) {
      dynamic++;
      return;
    }
    found.push({ file, line: lineOf(node.start), source, flags: constantString(flagsArg) ?? '' });
  };
  simple(parse(js, { ecmaVersion: 'latest', sourceType: 'module' }) as never, {
    Literal(node) {
      const regex = (node as unknown as { regex?: { pattern: string; flags: string } }).regex;
      if (regex) found.push({ file, line: lineOf(node.start), source: regex.pattern, flags: regex.flags });
    },
    NewExpression: (node) => constructed(node as unknown as Node),
    CallExpression: (node) => constructed(node as unknown as Node),
  });
  return { found, dynamic };
}

const verdicts = new Map<string, string | null>();
function verdict(source: string, flags: string): string | null {
  const key = `/${source}/${flags}`;
  if (!verdicts.has(key)) verdicts.set(key, decide(source, flags));
  return verdicts.get(key)!;
}

function decide(source: string, flags: string): string | null {
  const result = checkSync(source, flags, { timeout: 20_000, randomSeed: 1 });
  if (result.status === 'safe') return null;
  if (result.status === 'vulnerable') {
    const attack = result.attack.string;
    return `${result.complexity.summary}; attack: ${JSON.stringify(attack.length > 80 ? `${attack.slice(0, 80)}…` : attack)}`;
  }
  return `could not be decided (${result.status}: ${'error' in result ? JSON.stringify(result.error) : ''})`;
}

const all = sourceFiles(join(ROOT, 'src')).map((p) => ({ file: relative(ROOT, p), ...regexesIn(p) }));

describe('every regular expression in src/ matches in linear time', () => {
  test('the files were read and their patterns found', () => {
    const total = all.reduce((n, f) => n + f.found.length, 0);
    assert.ok(all.length > 50, `read ${all.length} files`);
    assert.ok(total > 50, `found ${total} patterns`);
    // A known literal must be among them, or the walk is not finding what it should.
    assert.ok(all.some((f) => f.file === join('src', 'leadscoring', 'answers.ts') && f.found.length > 5));
  });

  test('patterns built at run time appear only where listed, as often as listed', () => {
    const actual = Object.fromEntries(all.filter((f) => f.dynamic > 0).map((f) => [f.file, f.dynamic]));
    const expected = Object.fromEntries(Object.entries(DYNAMIC_SITES).map(([file, { count }]) => [file, count]));
    assert.deepEqual(actual, expected, 'a new RegExp(<expression>) must be listed in DYNAMIC_SITES with why it is safe');
  });

  const known = (f: Found) => KNOWN_SUPERLINEAR.some((k) => k.file === f.file && f.source.startsWith(k.startsWith));
  for (const { file, found } of all) {
    if (found.length === 0) continue;
    test(`${file}: ${found.length} pattern(s)`, (t) => {
      const checked = found.map((f) => ({ f, why: verdict(f.source, f.flags) })).filter((p) => p.why !== null);
      for (const { f, why } of checked.filter((p) => known(p.f))) t.diagnostic(`known, awaiting the scoring rewrite: ${f.file}:${f.line} (${why})`);
      const problems = checked
        .filter((p) => !known(p.f))
        .map(({ f, why }) => `${f.file}:${f.line} /${f.source}/${f.flags} is not linear: ${why}`);
      assert.deepEqual(problems, []);
    });
  }

  // recheck's fuzzing checker is time-bound, so on a busy machine it may miss a pattern it found
  // before: an entry whose pattern is gone fails, one merely judged safe this time is reported.
  test('every KNOWN_SUPERLINEAR entry still names a pattern in src/ (remove fixed ones)', (t) => {
    const gone = KNOWN_SUPERLINEAR.filter((k) => !all.some((f) => f.found.some((p) => p.file === k.file && p.source.startsWith(k.startsWith))));
    assert.deepEqual(gone, [], 'these patterns are gone: delete their entries');
    for (const k of KNOWN_SUPERLINEAR) t.diagnostic(`known: ${k.file} ${k.startsWith}…`);
  });

  test('the keyboard-walk pattern, built from a list, is linear too', async () => {
    const { KEYBOARD_RE } = await import('../src/scoring/text.ts');
    assert.equal(verdict(KEYBOARD_RE.source, KEYBOARD_RE.flags), null);
  });

  test('a phrase table, built from a list, is linear too', async () => {
    const { phraseTable } = await import('../src/scoring/phrases.ts');
    const table = phraseTable([['no chain', 1], ['no onward chain', 2], ['chain free', 3], ['sold stc', 4], ['sold subject to contract', 5]]);
    assert.equal(verdict(table.re.source, table.re.flags), null);
  });

  test('the checker does find a quadratic pattern (the one that froze the webhook)', () => {
    assert.match(String(verdict(String.raw`^[^\s@]+@[^\s@]+\.[^\s@]+$`, '')), /polynomial/);
    // Undecided within the time limit counts as a failure too, which a busy machine can cause here.
    assert.match(String(verdict(String.raw`\bwhere\b.*\b(buy|looking|move|property)\b`, '')), /polynomial|could not be decided/);
  });
});
