import type { Db } from '../db/client.ts';
import { countCompanies, createCompany } from '../companies/service.ts';
import { createApiKey } from '../keys/service.ts';

/**
 * On the very first start (no company yet) create a demo company and an all-permission key, so a
 * new user can call the API straight away. Returns them once; never again.
 */
export async function ensureDemoTenant(db: Db) {
  if ((await countCompanies(db)) > 0) return null;
  const company = await createCompany(db, 'Demo Developments Ltd');
  const key = await createApiKey(db, { companyId: company.id, name: 'Demo key (first start)', permissions: ['all'] });
  return { company, key };
}
