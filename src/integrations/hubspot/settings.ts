/**
 * A company's HubSpot settings. The private-app token is write-only: it is sealed at rest and the
 * API only ever says whether one is set.
 */
import { eq } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import { loadSecretBox } from '../../crypto/secret-box.ts';
import type { Db, Tx } from '../../db/client.ts';
import { hubspotSettings } from '../../db/schema/index.ts';
import { invalidField } from '../../errors.ts';
import type { Context, Tenant } from '../../context/context.ts';

export interface HubspotSettingsInput {
  enabled: boolean;
  /** A new token; null removes it; absent keeps the current one. */
  access_token?: string | null;
}

type Row = typeof hubspotSettings.$inferSelect;

export const tokenContext = (companyId: string) => `hubspot_token:${companyId}`;

const toResponse = (row: Row | undefined) => ({
  enabled: row?.enabled ?? false,
  access_token_set: Boolean(row?.accessTokenCiphertext),
  updated_at: row?.updatedAt ?? null,
});

async function rowOf(db: Db | Tx, companyId: string): Promise<Row | undefined> {
  const [row] = await db.select().from(hubspotSettings).where(eq(hubspotSettings.companyId, companyId));
  return row;
}

export async function getHubspotSettings(tenant: Tenant) {
  return toResponse(await rowOf(tenant.db, tenant.companyId));
}

export async function putHubspotSettings(tenant: Context, config: Pick<Config, 'sessionSecret'>, input: HubspotSettingsInput) {
  const current = await rowOf(tenant.db, tenant.companyId);
  let ciphertext = current?.accessTokenCiphertext ?? null;
  if (input.access_token === null) ciphertext = null;
  else if (input.access_token !== undefined) {
    const token = input.access_token.trim();
    if (!token) throw invalidField('access_token', 'must not be empty');
    ciphertext = (await loadSecretBox(tenant.db, config)).seal(token, tokenContext(tenant.companyId));
  }
  if (input.enabled && !ciphertext) throw invalidField('access_token', 'is required to enable HubSpot');
  const values = { enabled: input.enabled, accessTokenCiphertext: ciphertext, updatedAt: new Date() };
  const [row] = await tenant.db
    .insert(hubspotSettings)
    .values({ companyId: tenant.companyId, ...values })
    .onConflictDoUpdate({ target: hubspotSettings.companyId, set: values })
    .returning();
  return toResponse(row);
}

/** True when inbound leads should be pushed (read inside the lead's own transaction). */
export async function hubspotEnabled(tx: Tx, companyId: string): Promise<boolean> {
  const row = await rowOf(tx, companyId);
  return Boolean(row?.enabled && row.accessTokenCiphertext);
}

/** The token for a push, or null when HubSpot has since been switched off. */
export async function hubspotToken(db: Db, config: Pick<Config, 'sessionSecret'>, companyId: string): Promise<string | null> {
  const row = await rowOf(db, companyId);
  if (!row?.enabled || !row.accessTokenCiphertext) return null;
  return (await loadSecretBox(db, config)).open(row.accessTokenCiphertext, tokenContext(companyId));
}
