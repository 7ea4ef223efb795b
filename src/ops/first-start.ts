import type { Db } from '../db/client.ts';
import { countCompanies, createCompany } from '../companies/service.ts';
import { createApiKey } from '../keys/service.ts';
import { createUser } from '../accounts/users.ts';

/** The first dashboard user's email: a reserved example domain, plainly not a real person. */
export const DEMO_ADMIN_EMAIL = 'admin@example.com';

/**
 * On the very first start (no company yet) create a demo company, an all-permission key and an
 * admin dashboard user with a one-time password, so a new user can call the API and sign in
 * straight away. Returns them once; never again.
 */
export async function ensureDemoTenant(db: Db) {
  if ((await countCompanies(db)) > 0) return null;
  const company = await createCompany(db, 'Demo Developments Ltd');
  const key = await createApiKey(db, { companyId: company.id, name: 'Demo key (first start)', permissions: ['all'] });
  const admin = await createUser({ db, companyId: company.id }, { email: DEMO_ADMIN_EMAIL, name: 'Demo admin', role: 'admin' });
  return { company, key, login: { email: admin.user.email, oneTimePassword: admin.oneTimePassword! } };
}
