/**
 * The shape of src/, checked on every run: no import cycle anywhere (`import type` and re-exports
 * included: a type-only cycle still ties two modules together), and the job framework is a leaf
 * that knows no capability.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const SRC = resolve(import.meta.dirname, '../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every relative module a file names: static imports and re-exports (type-only too) and import(). */
export function importsOf(code: string): string[] {
  const found: string[] = [];
  const patterns = [/^\s*(?:import|export)\s[^;]*?\sfrom\s+['"]([^'"]+)['"]/gms, /^\s*import\s+['"]([^'"]+)['"]/gm, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const pattern of patterns) for (const m of code.matchAll(pattern)) if (m[1]!.startsWith('.')) found.push(m[1]!);
  return found;
}

function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const deps = importsOf(readFileSync(file, 'utf8')).map((spec) => relative(SRC, resolve(dirname(file), spec)));
    graph.set(relative(SRC, file), deps);
  }
  return graph;
}

/** The strongly connected components with more than one module (or a module importing itself). */
export function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    indexOf.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)!.includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indexOf.has(v)) visit(v);
  return found;
}

test('the import reader sees type imports, re-exports, multi-line imports and import()', () => {
  const code = [
    "import type { A } from './a.ts';",
    "export { b } from '../b.ts';",
    'import {\n  c,\n  d,\n} from "./c.ts";',
    "const e = await import('./e.ts');",
    "import 'node:fs';",
    "import x from 'fastify';",
  ].join('\n');
  assert.deepEqual(importsOf(code).sort(), ['../b.ts', './a.ts', './c.ts', './e.ts']);
});

test('the cycle finder finds a cycle, a self-import, and nothing in a tree', () => {
  const graph = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['d']], ['e', ['a']]]);
  assert.deepEqual(cycles(graph), [['a', 'b', 'c'], ['d']]);
  assert.deepEqual(cycles(new Map([['a', ['b', 'c']], ['b', ['c']], ['c', []]])), []);
});

test('no import cycle in src/', () => {
  const graph = importGraph();
  assert.ok(graph.size > 50, 'the walk found the sources');
  assert.deepEqual(cycles(graph), [], 'modules that import each other, directly or around a loop');
});

test('the job framework (src/jobs/) imports nothing from a capability', () => {
  // What jobs/ may stand on: itself, the database, the request/actor context and the configuration.
  const allowed = (target: string) => ['jobs/', 'db/', 'context/'].some((dir) => target.startsWith(dir)) || target === 'config.ts';
  const offending = [...importGraph()]
    .filter(([file]) => file.startsWith('jobs/'))
    .flatMap(([file, deps]) => deps.filter((d) => !allowed(d)).map((d) => `${file} → ${d}`));
  assert.deepEqual(offending, []);
});
