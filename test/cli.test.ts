import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { verifyPassword } from '../src/accounts/passwords.ts';
import { openDatabase } from '../src/db/client.ts';
import { users } from '../src/db/schema/index.ts';

const BIN = path.resolve('bin/naybourhood.js');
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function dataDir() {
  const dir = mkdtempSync(path.join(tmpdir(), 'nb-cli-'));
  dirs.push(dir);
  return dir;
}

/** The CLI as an operator runs it, on an embedded database in `dir`. */
function cliEnv(dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  return env;
}

function cli(dir: string, ...args: string[]) {
  const res = spawnSync(process.execPath, [BIN, ...args], { env: cliEnv(dir), encoding: 'utf8', timeout: 60_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr, json: () => JSON.parse(res.stdout.trim().split('\n').pop()!) };
}

describe('naybourhood CLI', () => {
  const dir = dataDir();

  test('company create, key create, key revoke and migrate, each with --json', () => {
    const company = cli(dir, 'company', 'create', '--name', 'Riverside Homes', '--json');
    assert.equal(company.code, 0, company.stderr);
    assert.equal(company.json().name, 'Riverside Homes');
    const key = cli(dir, 'key', 'create', '--company', company.json().id, '--name', 'CRM', '--permissions', 'leads_read,leads_write', '--rate-limit', '5', '--json');
    assert.equal(key.code, 0, key.stderr);
    assert.match(key.json().key, /^nb_live_[0-9A-Za-z]{40}$/);
    assert.deepEqual(key.json().permissions, ['leads_read', 'leads_write']);
    assert.equal(key.json().rate_limit_per_minute, 5);
    const revoked = cli(dir, 'key', 'revoke', key.json().id, '--json');
    assert.deepEqual(revoked.json(), { id: key.json().id, revoked: true });
    assert.deepEqual(cli(dir, 'migrate', '--json').json(), { migrated: true, database: 'pglite' });
  });

  test('human output shows the key once, and errors are plain with a non-zero exit', () => {
    const company = cli(dir, 'company', 'create', '--name', 'Plain', '--json').json();
    const key = cli(dir, 'key', 'create', '--company', company.id, '--name', 'x', '--permissions', 'all');
    assert.equal(key.code, 0);
    assert.match(key.stdout, /Shown once:\nnb_live_/);
    const badPermission = cli(dir, 'key', 'create', '--company', company.id, '--name', 'x', '--permissions', 'leads_read,fly');
    assert.equal(badPermission.code, 1);
    assert.match(badPermission.stderr, /unknown permissions: fly/);
    const noCompany = cli(dir, 'key', 'create', '--company', 'nope', '--name', 'x', '--permissions', 'all', '--json');
    assert.equal(noCompany.code, 1);
    assert.deepEqual(noCompany.json(), { error: { message: 'Company not found' } });
    const missing = cli(dir, 'company', 'create');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /--name is required/);
    assert.equal(cli(dir, 'fly', 'away').code, 2);
    assert.match(cli(dir, '--help').stdout, /key create --company ID/);
  });

  test('user create (--password-stdin or a one-time password) and user reset-password store scrypt hashes that verify', async () => {
    const company = cli(dir, 'company', 'create', '--name', 'Team', '--json').json();
    const piped = spawnSync(process.execPath, [BIN, 'user', 'create', '--company', company.id, '--email', 'Dana@Example.com', '--name', 'Dana', '--role', 'viewer', '--password-stdin', '--json'], {
      env: cliEnv(dir), encoding: 'utf8', input: 'a passphrase from stdin\n', timeout: 60_000,
    });
    assert.equal(piped.status, 0, piped.stderr);
    const dana = JSON.parse(piped.stdout.trim());
    assert.equal(dana.email, 'dana@example.com');
    assert.equal(dana.role, 'viewer');
    assert.equal(dana.must_change_password, false);
    assert.equal(dana.one_time_password, null);

    const oneTime = cli(dir, 'user', 'create', '--company', company.id, '--email', 'eve@example.com');
    assert.equal(oneTime.code, 0, oneTime.stderr);
    assert.match(oneTime.stdout, /Created admin eve@example.com/, 'admin is the default role');
    assert.match(oneTime.stdout, /One-time password \(shown once; it must be changed at the first sign-in\):\n[0-9A-Za-z]{20}/);

    const reset = cli(dir, 'user', 'reset-password', '--email', 'DANA@example.com', '--json');
    assert.equal(reset.code, 0, reset.stderr);
    assert.equal(reset.json().must_change_password, true);
    const resetPassword = reset.json().one_time_password as string;

    const short = spawnSync(process.execPath, [BIN, 'user', 'reset-password', '--email', 'eve@example.com', '--password-stdin'], { env: cliEnv(dir), encoding: 'utf8', input: 'short\n' });
    assert.equal(short.status, 1);
    assert.match(short.stderr, /at least 12 characters/);
    assert.equal(cli(dir, 'user', 'reset-password', '--email', 'nobody@example.com').code, 1);
    assert.match(cli(dir, 'user', 'create', '--company', company.id, '--email', 'x@example.com', '--role', 'owner').stderr, /--role must be one of admin, member, viewer/);

    const database = await openDatabase({ kind: 'pglite', dataDir: dir });
    try {
      const [row] = await database.db.select().from(users).where(eq(users.email, 'dana@example.com'));
      assert.match(row!.passwordHash, /^scrypt\$/);
      assert.equal(await verifyPassword(resetPassword, row!.passwordHash), true, 'the printed one-time password is the stored one');
      assert.equal(await verifyPassword('a passphrase from stdin', row!.passwordHash), false, 'the reset replaced the old password');
    } finally {
      await database.close();
    }
  });

  test('serve: first start prints a working key once; the CLI says plainly the database is in use; SIGTERM stops cleanly', async () => {
    const fresh = dataDir();
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: fresh, PORT: '0', LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    const server = spawn(process.execPath, [BIN, 'serve'], { env });
    let out = '';
    server.stdout.on('data', (d) => (out += d));
    server.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => server.on('exit', resolve));
    try {
      const deadline = Date.now() + 60_000;
      while (!/listening on (http:\/\/\S+)/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const address = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      assert.ok(address, out);
      const key = /API key:\s+(nb_live_\w+)/.exec(out)?.[1];
      assert.ok(key, 'the first start printed a key');
      const res = await fetch(`${address}/api/v1/leads`, { headers: { authorization: `Bearer ${key}` } });
      assert.equal(res.status, 200);
      assert.deepEqual((await res.json()).meta.total, 0);
      // …and a dashboard login whose one-time password signs in, and must be changed first.
      const email = /Email:\s+(\S+)/.exec(out)?.[1];
      const password = /Password:\s+(\S+)/.exec(out)?.[1];
      assert.ok(email && password, 'the first start printed a dashboard login');
      const login = await fetch(`${address}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
      assert.equal(login.status, 200);
      const session = await login.json();
      assert.equal(session.user.role, 'admin');
      assert.equal(session.user.must_change_password, true);
      assert.match(login.headers.get('set-cookie') ?? '', /^nb_session=.+HttpOnly; SameSite=Lax$/);

      const blocked = cli(fresh, 'company', 'create', '--name', 'Too Soon');
      assert.equal(blocked.code, 1);
      assert.match(blocked.stderr, /in use by another naybourhood process \(pid \d+\)/);
    } finally {
      server.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
    assert.match(out, /SIGTERM received/);
    // The lock went with the server: the CLI can open the database, and no second demo key appears.
    assert.equal(cli(fresh, 'company', 'create', '--name', 'After').code, 0);
  });
});
