import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { companies } from '../db/schema/index.ts';
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
