/**
 * Brings every stored secret under the current sealing key: plaintext left by versions that did
 * not seal the Meta access token and the Typeform secret is sealed (and the plaintext emptied),
 * and values sealed under a previous key (a rotated SEALING_KEY, the database's own key, or
 * SESSION_SECRET) are opened and sealed again. Run at every start and by `naybourhood secrets
 * reseal`; idempotent. Each write is conditional on the value it read, so a secret changed
 * meanwhile through the API is never overwritten with the old one.
 */
import { and, eq, isNotNull, isNull, or } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.ts';
import { hubspotSettings, leadScoringSettings, webhookSubscriptions } from '../db/schema/index.ts';
import { tokenContext } from '../integrations/hubspot/settings.ts';
import { settingsSecretContext } from '../leadscoring/settings.ts';
import { secretContext } from '../webhooks/delivery.ts';
import type { SecretBox } from './secret-box.ts';

export interface ResealReport {
  /** Plaintext values sealed for the first time. */
  sealed: number;
  /** Values moved from a previous key to the current one. */
  resealed: number;
}

/** Every sealed column, with how to find its row and the context its value is bound to. */
const SEALED_COLUMNS: { table: PgTable; key: AnyPgColumn; value: AnyPgColumn; field: string; context: (key: string) => string }[] = [
  { table: webhookSubscriptions, key: webhookSubscriptions.id, value: webhookSubscriptions.secretCiphertext, field: 'secretCiphertext', context: secretContext },
  { table: hubspotSettings, key: hubspotSettings.companyId, value: hubspotSettings.accessTokenCiphertext, field: 'accessTokenCiphertext', context: tokenContext },
  {
    table: leadScoringSettings,
    key: leadScoringSettings.companyId,
    value: leadScoringSettings.accessTokenCiphertext,
    field: 'accessTokenCiphertext',
    context: (companyId) => settingsSecretContext(companyId, 'access_token'),
  },
  {
    table: leadScoringSettings,
    key: leadScoringSettings.companyId,
    value: leadScoringSettings.typeformSecretCiphertext,
    field: 'typeformSecretCiphertext',
    context: (companyId) => settingsSecretContext(companyId, 'typeform_secret'),
  },
];

export async function resealStoredSecrets(db: Db, box: SecretBox): Promise<ResealReport> {
  const report: ResealReport = { sealed: await sealLegacyPlaintext(db, box), resealed: 0 };
  for (const c of SEALED_COLUMNS) {
    const rows = (await db.select({ key: c.key, value: c.value }).from(c.table).where(isNotNull(c.value))) as { key: string; value: string }[];
    for (const row of rows) {
      if (box.isCurrent(row.value)) continue;
      const again = box.seal(box.open(row.value, c.context(row.key)), c.context(row.key));
      const done = await db.update(c.table).set({ [c.field]: again } as never).where(and(eq(c.key, row.key), eq(c.value, row.value))).returning({ key: c.key });
      report.resealed += done.length;
    }
  }
  return report;
}

async function sealLegacyPlaintext(db: Db, box: SecretBox): Promise<number> {
  const s = leadScoringSettings;
  const rows = await db.select().from(s).where(or(isNotNull(s.accessToken), isNotNull(s.typeformSecret)));
  let sealed = 0;
  for (const row of rows) {
    const seal = (plain: string | null, field: 'access_token' | 'typeform_secret', current: string | null) =>
      plain === null ? current : box.seal(plain, settingsSecretContext(row.companyId, field));
    const done = await db
      .update(s)
      .set({
        accessToken: null,
        typeformSecret: null,
        accessTokenCiphertext: seal(row.accessToken, 'access_token', row.accessTokenCiphertext),
        typeformSecretCiphertext: seal(row.typeformSecret, 'typeform_secret', row.typeformSecretCiphertext),
      })
      .where(and(
        eq(s.companyId, row.companyId),
        row.accessToken === null ? isNull(s.accessToken) : eq(s.accessToken, row.accessToken),
        row.typeformSecret === null ? isNull(s.typeformSecret) : eq(s.typeformSecret, row.typeformSecret),
      ))
      .returning({ companyId: s.companyId });
    sealed += done.length * ((row.accessToken === null ? 0 : 1) + (row.typeformSecret === null ? 0 : 1));
  }
  return sealed;
}
