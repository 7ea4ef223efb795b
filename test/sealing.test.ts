/**
 * Every integration secret is sealed at rest, under a key that can live outside the database,
 * separate from SESSION_SECRET, and rotated: previous keys still open, reseal moves every value to
 * the current key, and plaintext left by earlier versions is sealed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { ConfigError, loadConfig } from '../src/config.ts';
import { resealStoredSecrets } from '../src/crypto/reseal.ts';
import { createSecretBox, loadSecretBox } from '../src/crypto/secret-box.ts';
import { hubspotSettings, instanceSecrets, leadScoringSettings, webhookSubscriptions } from '../src/db/schema/index.ts';
import { tokenContext } from '../src/integrations/hubspot/settings.ts';
import { settingsSecretContext } from '../src/leadscoring/settings.ts';
import { secretContext } from '../src/webhooks/delivery.ts';
import { startTestApp } from './helpers/app.ts';
import { createTestDatabase } from './helpers/database.ts';

const KEY_1 = 'k1-'.padEnd(44, 'a');
const KEY_2 = 'k2-'.padEnd(44, 'b');
const SESSION = 's-'.padEnd(44, 'c');

describe('sealed integration secrets', () => {
  test('the Meta access token and the Typeform secret are sealed at rest and never read back', async () => {
    const { tenant, database, config } = await startTestApp();
    const t = await tenant();
    const put = await t.request('PUT', `/api/v1/leadscoring/settings/${t.companyId}`, { access_token: 'EAAB-meta-token', typeform_secret: 'tf-secret-123' });
    assert.equal(put.statusCode, 200, put.body);
    const [row] = await database.db.select().from(leadScoringSettings).where(eq(leadScoringSettings.companyId, t.companyId));
    const stored = JSON.stringify(row);
    assert.ok(!stored.includes('EAAB-meta-token') && !stored.includes('tf-secret-123'), 'no plaintext in the row');
    const box = await loadSecretBox(database.db, config);
    assert.equal(box.open(row!.accessTokenCiphertext!, settingsSecretContext(t.companyId, 'access_token')), 'EAAB-meta-token');
    assert.equal(box.open(row!.typeformSecretCiphertext!, settingsSecretContext(t.companyId, 'typeform_secret')), 'tf-secret-123');
    assert.throws(() => box.open(row!.accessTokenCiphertext!, settingsSecretContext(t.companyId, 'typeform_secret')), 'bound to its field');
  });

  test('SEALING_KEY seals, not SESSION_SECRET, and no key is kept in the database', async () => {
    const { tenant, database } = await startTestApp({ SEALING_KEY: KEY_1, SESSION_SECRET: SESSION });
    const t = await tenant();
    const res = await t.request('PUT', '/api/v1/integrations/hubspot', { enabled: true, access_token: 'pat-hubspot' });
    assert.ok(res.statusCode < 300, res.body);
    const [row] = await database.db.select().from(hubspotSettings).where(eq(hubspotSettings.companyId, t.companyId));
    assert.equal(createSecretBox(KEY_1).open(row!.accessTokenCiphertext!, tokenContext(t.companyId)), 'pat-hubspot');
    assert.throws(() => createSecretBox(SESSION).open(row!.accessTokenCiphertext!, tokenContext(t.companyId)), 'the session secret does not open it');
    assert.deepEqual(await database.db.select().from(instanceSecrets), [], 'no sealing key generated into the database');
  });

  test('rotation: the previous key still opens, reseal moves every value to the current key', async () => {
    const database = await createTestDatabase();
    after(() => database.drop());
    const first = await startTestApp({ SEALING_KEY: KEY_1, WEBHOOK_ALLOW_PRIVATE_URLS: 'true' }, { database });
    const t = await first.tenant();
    const hook = await t.request('POST', '/api/v1/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['lead.created'] });
    assert.equal(hook.statusCode, 201, hook.body);
    await t.request('PUT', `/api/v1/leadscoring/settings/${t.companyId}`, { access_token: 'EAAB-rotate' });

    const rotated = loadConfig({ DATA_DIR: '.tmp/unused', SEALING_KEY: KEY_2, SEALING_KEY_PREVIOUS: KEY_1 });
    const box = await loadSecretBox(database.db, rotated);
    assert.deepEqual(await resealStoredSecrets(database.db, box), { sealed: 0, resealed: 2 });
    assert.deepEqual(await resealStoredSecrets(database.db, box), { sealed: 0, resealed: 0 }, 'idempotent');
    const onlyNew = createSecretBox(KEY_2);
    const [sub] = await database.db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, hook.json().id));
    assert.equal(onlyNew.open(sub!.secretCiphertext, secretContext(sub!.id)), hook.json().secret);
    const [settings] = await database.db.select().from(leadScoringSettings).where(eq(leadScoringSettings.companyId, t.companyId));
    assert.equal(onlyNew.open(settings!.accessTokenCiphertext!, settingsSecretContext(t.companyId, 'access_token')), 'EAAB-rotate');
  });

  test('plaintext from earlier versions, and values SESSION_SECRET sealed, are sealed under the sealing key', async () => {
    const database = await createTestDatabase();
    after(() => database.drop());
    const old = await startTestApp({ SESSION_SECRET: SESSION, WEBHOOK_ALLOW_PRIVATE_URLS: 'true' }, { database });
    const t = await old.tenant();
    // An earlier version sealed with SESSION_SECRET and kept these two in plain text.
    const hook = await t.request('POST', '/api/v1/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['lead.created'] });
    const [sub] = await database.db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, hook.json().id));
    await database.db.update(webhookSubscriptions).set({ secretCiphertext: createSecretBox(SESSION).seal(hook.json().secret, secretContext(sub!.id)) });
    await t.request('PUT', `/api/v1/leadscoring/settings/${t.companyId}`, { pixel_id: '42' });
    await database.db.update(leadScoringSettings).set({ accessToken: 'EAAB-plain', typeformSecret: 'tf-plain' }).where(eq(leadScoringSettings.companyId, t.companyId));

    const config = loadConfig({ DATA_DIR: '.tmp/unused', SEALING_KEY: KEY_1, SESSION_SECRET: SESSION });
    const report = await resealStoredSecrets(database.db, await loadSecretBox(database.db, config));
    assert.deepEqual(report, { sealed: 2, resealed: 1 });
    const [row] = await database.db.select().from(leadScoringSettings).where(eq(leadScoringSettings.companyId, t.companyId));
    assert.equal(row!.accessToken, null);
    assert.equal(row!.typeformSecret, null);
    const box = createSecretBox(KEY_1);
    assert.equal(box.open(row!.accessTokenCiphertext!, settingsSecretContext(t.companyId, 'access_token')), 'EAAB-plain');
    assert.equal(box.open(row!.typeformSecretCiphertext!, settingsSecretContext(t.companyId, 'typeform_secret')), 'tf-plain');
    const [after_] = await database.db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, sub!.id));
    assert.equal(box.open(after_!.secretCiphertext, secretContext(sub!.id)), hook.json().secret);
  });

  test('SEALING_KEY_FILE: first line seals, further lines open; short or conflicting keys are refused', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nb-keys-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'sealing.keys');
    writeFileSync(file, `${KEY_2}\n${KEY_1}\n`);
    assert.deepEqual(loadConfig({ SEALING_KEY_FILE: file }).sealingKeys, [KEY_2, KEY_1]);
    assert.throws(() => loadConfig({ SEALING_KEY: 'short' }), ConfigError);
    assert.throws(() => loadConfig({ SEALING_KEY: KEY_1, SEALING_KEY_FILE: file }), ConfigError);
    assert.throws(() => loadConfig({ SEALING_KEY_FILE: path.join(dir, 'missing') }), ConfigError);
  });
});
