/**
 * The network guard (test/helpers/network-guard.ts) fails a test that tries to leave the machine,
 * even when the code under test swallows the refusal, and lets loopback through. Each case runs
 * a tiny test file in its own process, the way scripts/run-tests.mjs runs every file.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { isLoopback } from './helpers/network-guard.ts';

const GUARD = resolve(import.meta.dirname, 'helpers/network-guard.ts');
const dir = mkdtempSync(join(tmpdir(), 'network-guard-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function runTestFile(name: string, body: string) {
  const file = join(dir, name);
  writeFileSync(file, `import { test } from 'node:test';\n${body}\n`);
  // A fresh runner, not a child of this one (which would skip running the file).
  const env = { ...process.env, NODE_TEST_CONTEXT: undefined };
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--import', GUARD, '--test', file], { encoding: 'utf8', timeout: 60_000, env });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

test('loopback names and addresses are the only ones allowed', () => {
  for (const host of ['127.0.0.1', '127.5.5.5', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1']) assert.ok(isLoopback(host), host);
  for (const host of ['graph.facebook.com', '203.0.113.7', '10.0.0.1', '::ffff:8.8.8.8', 'localhost.example', '0.0.0.0']) assert.ok(!isLoopback(host), host);
});

test('a test whose code swallows a refused connection to the internet still fails', () => {
  const { status, output } = runTestFile(
    'leaks.test.mjs',
    `test('sends to a third party and ignores the failure', async () => {
      await fetch('https://graph.facebook.com/v21.0/123/events', { method: 'POST' }).catch(() => undefined);
      await fetch('http://203.0.113.7:8080/').catch(() => undefined);
    });`,
  );
  assert.notEqual(status, 0, output);
  assert.match(output, /network guard: a test tried to reach graph\.facebook\.com/);
  assert.match(output, /network guard: a test tried to reach 203\.0\.113\.7/);
});

test('a DNS lookup of an outside name fails the test too', () => {
  const { status, output } = runTestFile(
    'resolves.test.mjs',
    `import dns from 'node:dns';
    test('resolves a public name', async () => {
      await dns.promises.lookup('example.com').catch(() => undefined);
    });`,
  );
  assert.notEqual(status, 0, output);
  assert.match(output, /example\.com \(DNS lookup\)/);
});

test('a test talking to a loopback server passes', () => {
  const { status, output } = runTestFile(
    'local.test.mjs',
    `import http from 'node:http';
    import assert from 'node:assert/strict';
    test('asks a loopback server', async () => {
      const server = http.createServer((_q, r) => r.end('ok'));
      await new Promise((r) => server.listen(0, '127.0.0.1', r));
      const res = await fetch('http://localhost:' + server.address().port + '/');
      assert.equal(await res.text(), 'ok');
      server.close();
    });`,
  );
  assert.equal(status, 0, output);
  assert.match(output, /pass 1/);
});
