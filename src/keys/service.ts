import { randomUUID } from 'node:crypto';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { apiKeys, companies } from '../db/schema/index.ts';
import { AppError, invalidField, notFound } from '../errors.ts';
import { isUuid } from '../ids.ts';
import { displayPrefix, generateApiKey, hashApiKey, looksLikeApiKey } from './key-material.ts';
import { isPermission, type Permission } from './permissions.ts';
import type { ApiKeyCache } from './key-cache.ts';

export interface CreateKeyInput {
  companyId: string;
  name: string;
  permissions: string[];
  rateLimitPerMinute?: number | null;
}

export interface CreatedKey {
  id: string;
  name: string;
  prefix: string;
  permissions: Permission[];
  rate_limit_per_minute: number | null;
  created_at: Date;
  /** The only time the full key exists outside its owner's hands. */
  key: string;
}

export async function createApiKey(db: Db, input: CreateKeyInput): Promise<CreatedKey> {
  const permissions = [...new Set(input.permissions.map((p) => p.trim()).filter(Boolean))];
  const unknown = permissions.filter((p) => !isPermission(p));
  if (permissions.length === 0) throw invalidField('permissions', 'must list at least one permission');
  if (unknown.length) throw invalidField('permissions', `has unknown permissions: ${unknown.join(', ')}`);
  if (!input.name.trim()) throw invalidField('name', 'must not be empty');
  const limit = input.rateLimitPerMinute ?? null;
  if (limit !== null && (!Number.isInteger(limit) || limit < 1)) {
    throw invalidField('rate_limit_per_minute', 'must be a positive integer');
  }
  const [company] = isUuid(input.companyId)
    ? await db.select({ id: companies.id }).from(companies).where(eq(companies.id, input.companyId))
    : [];
  if (!company) throw notFound('Company');

  const key = generateApiKey();
  const [row] = await db
    .insert(apiKeys)
    .values({
      id: randomUUID(),
      companyId: input.companyId,
      name: input.name.trim(),
      prefix: displayPrefix(key),
      keyHash: hashApiKey(key),
      permissions,
      rateLimitPerMinute: limit,
    })
    .returning();
  return {
    id: row!.id,
    name: row!.name,
    prefix: row!.prefix,
    permissions: row!.permissions as Permission[],
    rate_limit_per_minute: row!.rateLimitPerMinute,
    created_at: row!.createdAt,
    key,
  };
}

export async function revokeApiKey(db: Db, keyId: string, companyId?: string): Promise<void> {
  if (!isUuid(keyId)) throw notFound('API key');
  const where = companyId ? and(eq(apiKeys.id, keyId), eq(apiKeys.companyId, companyId)) : eq(apiKeys.id, keyId);
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())`, updatedAt: sql`now()` })
    .where(where)
    .returning({ id: apiKeys.id });
  if (rows.length === 0) throw notFound('API key');
}

export interface KeyIdentity {
  keyId: string;
  /** The key's name, so what it does can be attributed to it by name (logs, audit). */
  name: string;
  companyId: string;
  permissions: string[];
  rateLimitPerMinute: number | null;
}

/** Finds the live key behind a presented secret, or says why there is none. */
export async function authenticateApiKey(db: Db, presented: string, cache?: ApiKeyCache<KeyIdentity>): Promise<KeyIdentity> {
  if (!looksLikeApiKey(presented)) throw new AppError('UNAUTHORIZED', 'The API key is malformed');
  const hash = hashApiKey(presented);
  const cached = cache?.get(hash);
  if (cached) return cached;
  const [row] = await db
    .select({
      keyId: apiKeys.id,
      name: apiKeys.name,
      companyId: apiKeys.companyId,
      permissions: apiKeys.permissions,
      rateLimitPerMinute: apiKeys.rateLimitPerMinute,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.keyHash, hash));
  if (!row || row.revokedAt) throw new AppError('UNAUTHORIZED', 'The API key is invalid or has been revoked');
  const identity = {
    keyId: row.keyId,
    name: row.name,
    companyId: row.companyId,
    permissions: row.permissions,
    rateLimitPerMinute: row.rateLimitPerMinute,
  };
  cache?.set(hash, identity);
  return identity;
}

/** Records use at most once a minute per key (also across processes), so reads do not become writes. */
export async function touchApiKey(db: Db, keyId: string): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        eq(apiKeys.id, keyId),
        or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`)),
      ),
    );
}
