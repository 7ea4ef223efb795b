/**
 * An integrator's path: generate a TypeScript client from docs/openapi.json with
 * @hey-api/openapi-ts, compile it (and code using it) strictly, and run a create → list →
 * history → archive journey through it against a live server, on this run's database.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { startTestApp } from './helpers/app.ts';

const dir = path.resolve(`.tmp/generated-client-${process.pid}`);
after(() => rmSync(dir, { recursive: true, force: true }));

test('a client generated from the document compiles strictly and completes the journey against a live server', async () => {
  mkdirSync(dir, { recursive: true });
  const generated = spawnSync(process.execPath, ['scripts/generate-client.mjs', path.join(dir, 'client')], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(generated.status, 0, generated.stderr);

  cpSync('test/client-journey/journey.ts', path.join(dir, 'journey.ts'));
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: false, noEmit: true, skipLibCheck: false, types: ['node'], typeRoots: [path.resolve('node_modules/@types')],
      },
      include: ['journey.ts', 'client'],
    }),
  );
  const compiled = spawnSync(process.execPath, [path.resolve('node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(compiled.status, 0, `the generated client or the journey does not compile strictly:\n${compiled.stdout}${compiled.stderr}`);

  const { app, tenant } = await startTestApp();
  const t = await tenant();
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  // Typed loosely here on purpose: journey.ts only compiles beside the generated client.
  type Dev = { id: string; name: string; archived_at: string | null };
  const { runJourney } = (await import(path.join(dir, 'journey.ts'))) as {
    runJourney(baseUrl: string, apiKey: string): Promise<{
      development: Dev; listed: string[]; lead: { development_id: string | null }; leadsInDevelopment: number;
      history: unknown[]; pages: number; archived: Dev; listedAfterArchive: string[]; listedWithArchived: string[];
    }>;
  };
  const result = await runJourney(address, t.key);

  assert.equal(result.development.name, 'Riverside Quarter');
  assert.equal(result.development.archived_at, null);
  assert.deepEqual(result.listed, [result.development.id]);
  assert.equal(result.lead.development_id, result.development.id);
  assert.equal(result.leadsInDevelopment, 1, 'a plain-date created_from finds the lead made today');
  assert.equal(result.history.length, 3, 'created, then re-scored by two changes');
  assert.equal(result.pages, 2, 'three entries at limit=2 are two pages');
  assert.notDeepEqual(result.history[0], result.history[2], 'the changes moved the score');
  assert.ok(result.archived.archived_at);
  assert.deepEqual(result.listedAfterArchive, []);
  assert.deepEqual(result.listedWithArchived, [result.development.id]);
});
