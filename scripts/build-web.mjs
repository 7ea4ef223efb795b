#!/usr/bin/env node
// Builds the dashboard (web/ → web/dist) when the build is missing or older than its sources, so
// `npm install` (prepare) and `npm start` (prestart) give a fresh clone a working dashboard with no
// second command. `--force` always builds.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const web = new URL('../web/', import.meta.url).pathname;
const built = join(web, 'dist', 'index.html');

function newestSource(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestSource(join(path, name))));
}

const sources = ['src', 'public', 'index.html', 'vite.config.ts'].map((p) => join(web, p)).filter(existsSync);
const stale = !existsSync(built) || Math.max(...sources.map(newestSource)) > statSync(built).mtimeMs;
if (!process.argv.includes('--force') && !stale) process.exit(0);

let vite;
try {
  vite = await import('vite');
} catch {
  // An install without devDependencies cannot build; the API still works, / answers 404.
  console.warn('naybourhood: vite is not installed, so the dashboard was not built (install devDependencies, then npm run build:web)');
  process.exit(0);
}
console.log('naybourhood: building the dashboard (web/dist)…');
await vite.build({ root: web, configFile: join(web, 'vite.config.ts'), logLevel: 'warn' });
