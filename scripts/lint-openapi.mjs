#!/usr/bin/env node
// Lints docs/openapi.json with Redocly (`recommended`, redocly.yaml) and Spectral (`spectral:oas`,
// .spectral.yaml), offline. Exit 0 only when both report nothing at all, warnings included.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const bin = (pkg, name) => require.resolve(`${pkg}/package.json`).replace(/package\.json$/, require(`${pkg}/package.json`).bin[name]);
const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', SCARF_ANALYTICS: 'false', NO_COLOR: '1', FORCE_COLOR: '0' };
const run = (args) => spawnSync(process.execPath, args, { env, encoding: 'utf8' });

let failed = false;
const redocly = run([bin('@redocly/cli', 'redocly'), 'lint', 'docs/openapi.json', '--format=stylish', '--max-problems=1000']);
const redoclyOut = (redocly.stdout + redocly.stderr).split('\n').filter((l) => !/[║╔╚]/.test(l)).join('\n').trim();
if (redocly.status !== 0 || /\b(error|warning)\b/.test(redoclyOut.replace(/Woohoo!.*$/m, ''))) {
  failed = true;
  console.error(`Redocly (recommended) found problems:\n${redoclyOut}`);
} else console.log('Redocly (recommended): no problems');

const spectral = run([bin('@stoplight/spectral-cli', 'spectral'), 'lint', 'docs/openapi.json', '-f', 'text', '--fail-severity=hint']);
const spectralOut = (spectral.stdout + spectral.stderr).trim();
if (spectral.status !== 0 || !/No results/.test(spectralOut)) {
  failed = true;
  console.error(`Spectral (spectral:oas) found problems:\n${spectralOut}`);
} else console.log('Spectral (spectral:oas): no problems');
process.exit(failed ? 1 : 0);
