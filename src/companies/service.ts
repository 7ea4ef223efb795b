import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { apiKeys, companies } from '../db/schema/index.ts';
import { invalidField } from '../errors.ts';

export async function createCompany(db: Db, name: string) {
  if (!name.trim()) throw invalidField('name', 'must not be empty');
  const [row] = await db.insert(companies).values({ id: randomUUID(), name: name.trim() }).returning();
  return { id: row!.id, name: row!.name, created_at: row!.createdAt };
}

export async function countCompanies(db: Db): Promise<number> {
  const rows = await db.select({ id: companies.id }).from(companies).limit(1);
  return rows.length;
}

/** Every company, oldest first, with how many of its API keys still work. */
export async function listCompanies(db: Db) {
  return db
    .select({
      id: companies.id,
      name: companies.name,
      created_at: companies.createdAt,
      live_api_keys: sql<number>`count(${apiKeys.id})::int`,
    })
    .from(companies)
    .leftJoin(apiKeys, and(eq(apiKeys.companyId, companies.id), isNull(apiKeys.revokedAt)))
    .groupBy(companies.id)
    .orderBy(asc(companies.createdAt), asc(companies.id));
}
