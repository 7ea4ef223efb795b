import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createTestDatabase } from './helpers/database.ts';

// A stand-in build, so this test does not depend on vite having run.
const dist = mkdtempSync(join(tmpdir(), 'nb-dist-'));
mkdirSync(join(dist, 'assets'));
writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Naybourhood</title><div id="root"></div>');
writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log("app")');

const database = await createTestDatabase();
const app = await buildApp({ config: loadConfig({ DATA_DIR: '.tmp/unused' }), database, logger: false, dashboardDir: `${dist}/` });
after(async () => {
  await app.close();
  await database.drop();
});

describe('the dashboard at /', () => {
  test('serves the app with headers that forbid inline scripts, framing and sniffing', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /text\/html/);
    assert.match(res.body, /<div id="root">/);
    const csp = res.headers['content-security-policy'] as string;
    assert.match(csp, /script-src 'self'(;|$)/, 'scripts only from the service, none inline');
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['x-frame-options'], 'DENY');
    assert.equal(res.headers['referrer-policy'], 'same-origin');
    assert.equal(res.headers['cache-control'], 'no-cache');
  });

  test("the app's own paths load it on a refresh; hashed assets are cached for good", async () => {
    for (const url of ['/leads/7d1c0b8e-0000-4000-8000-000000000000', '/settings/keys', '/overview?x=1']) {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200, url);
      assert.match(res.body, /<div id="root">/, url);
    }
    const asset = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    assert.equal(asset.statusCode, 200);
    assert.match(asset.headers['content-type'] as string, /javascript/);
    assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable');
  });

  test('unknown API paths and missing built files stay JSON 404s in the error format; other methods are not the app', async () => {
    for (const [method, url] of [['GET', '/api/v1/nope'], ['GET', '/api'], ['GET', '/api?x=1'], ['GET', '/assets/old-build.js'], ['POST', '/leads'], ['DELETE', '/']] as const) {
      const res = await app.inject({ method, url });
      assert.equal(res.statusCode, 404, `${method} ${url}`);
      assert.equal(res.json().error.code, 'NOT_FOUND', `${method} ${url}`);
    }
  });
});
