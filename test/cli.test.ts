import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';

const BIN = path.resolve('bin/naybourhood.js');
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function dataDir() {
  const dir = mkdtempSync(path.join(tmpdir(), 'nb-cli-'));
  dirs.push(dir);
  return dir;
}

/** The CLI as an operator runs it, on an embedded database in `dir`. */
function cli(dir: string, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  // Generous: a fresh embedded database migrates in seconds, but a loaded CI machine can take minutes.
  const res = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 300_000 });
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
    assert.match(badPermission.stderr, /unknown permissions: fly \(valid: leads_read, leads_write, .*, all\)/);
    const noCompany = cli(dir, 'key', 'create', '--company', 'nope', '--name', 'x', '--permissions', 'all', '--json');
    assert.equal(noCompany.code, 1);
    assert.deepEqual(noCompany.json(), { error: { code: 'not_found', message: 'Company not found' } });
    const missing = cli(dir, 'company', 'create');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--name is required\nRun naybourhood company create --help/);
    assert.equal(cli(dir, 'fly', 'away').code, 2);
  });

  test('company list and key list show what exists, never a secret; revoked keys only when asked', () => {
    const company = cli(dir, 'company', 'create', '--name', 'Listed Ltd', '--json').json();
    const live = cli(dir, 'key', 'create', '--company', company.id, '--name', 'live', '--permissions', 'all', '--json').json();
    const gone = cli(dir, 'key', 'create', '--company', company.id, '--name', 'gone', '--permissions', 'stats_read', '--json').json();
    cli(dir, 'key', 'revoke', gone.id);

    const companies = cli(dir, 'company', 'list', '--json').json().data;
    const listed = companies.find((c: { id: string }) => c.id === company.id);
    assert.equal(listed.name, 'Listed Ltd');
    assert.equal(listed.live_api_keys, 1);
    assert.match(cli(dir, 'company', 'list').stdout, new RegExp(`${company.id}  Listed Ltd  \\(1 live key,`));

    const keys = cli(dir, 'key', 'list', '--company', company.id, '--json');
    assert.equal(keys.code, 0, keys.stderr);
    assert.deepEqual(keys.json().data.map((k: { id: string }) => k.id), [live.id]);
    assert.equal(keys.stdout.includes(live.key), false, 'the secret is never listed');
    assert.ok(!('key_hash' in keys.json().data[0]) && !('key' in keys.json().data[0]));
    const all = cli(dir, 'key', 'list', '--company', company.id, '--include-revoked', '--json').json().data;
    assert.deepEqual(all.map((k: { name: string; revoked_at: string | null }) => [k.name, k.revoked_at !== null]), [['live', false], ['gone', true]]);
    assert.match(cli(dir, 'key', 'list', '--company', company.id).stdout, new RegExp(`${live.id}  ${live.prefix}…  live  \\[all\\]`));
  });

  test('help: the list, each command with its options, help <command>, -h, --version; none opens the database', () => {
    const nowhere = path.join(dataDir(), 'never-created');
    const overview = cli(nowhere, '--help');
    assert.equal(overview.code, 0);
    for (const c of ['serve', 'migrate', 'company create', 'company list', 'key create', 'key list', 'key revoke', 'seed-demo', 'retention run']) {
      assert.match(overview.stdout, new RegExp(`^  ${c}  `, 'm'), c);
    }
    assert.equal(cli(nowhere).stdout, overview.stdout, 'no arguments prints the list');
    assert.equal(cli(nowhere, 'help').stdout, overview.stdout);

    const keyCreate = cli(nowhere, 'key', 'create', '--help');
    assert.equal(keyCreate.code, 0);
    assert.match(keyCreate.stdout, /^Usage: naybourhood key create --company ID --name NAME --permissions a,b\|all \[--rate-limit N\] \[--json\]$/m);
    assert.match(keyCreate.stdout, /--rate-limit N +requests per minute/);
    assert.equal(cli(nowhere, 'help', 'key', 'create').stdout, keyCreate.stdout);
    assert.equal(cli(nowhere, 'key', 'create', '-h').stdout, keyCreate.stdout);
    assert.match(cli(nowhere, 'serve', '--help').stdout, /--role ROLE +.*one of: api, worker, all; default: all/);
    assert.match(cli(nowhere, 'help', 'key').stdout, /key create[\s\S]*key list[\s\S]*key revoke/);

    const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
    assert.equal(cli(nowhere, '--version').stdout.trim(), version);
    assert.deepEqual(cli(nowhere, '--version', '--json').json(), { version });
    assert.equal(existsSync(nowhere), false, 'help and version never open a database');
  });

  test('wrong command lines exit 2 with a stable JSON code and the valid values', () => {
    const nowhere = path.join(dataDir(), 'never-created');
    const unknown = cli(nowhere, 'fly', '--json');
    assert.equal(unknown.code, 2);
    assert.equal(unknown.json().error.code, 'unknown_command');
    const role = cli(nowhere, 'serve', '--role', 'boss', '--json');
    assert.equal(role.code, 2);
    assert.deepEqual(role.json(), { error: { code: 'invalid_arguments', message: '--role must be one of: api, worker, all (got "boss")' } });
    const option = cli(nowhere, 'company', 'list', '--colour');
    assert.equal(option.code, 2);
    assert.match(option.stderr, /Unknown option '--colour'[\s\S]*Run naybourhood company list --help/);
    const extra = cli(nowhere, 'migrate', 'now', '--json');
    assert.deepEqual(extra.json(), { error: { code: 'invalid_arguments', message: 'Unexpected argument: now' } });
    assert.equal(existsSync(nowhere), false, 'a wrong command line changes nothing');
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
