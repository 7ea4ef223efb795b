import type { Db } from './db/client.ts';

/**
 * Who a service call acts for. Every service takes one, and every query it runs is scoped by
 * `companyId`: there is no way to ask a service for another company's rows.
 */
export interface Tenant {
  db: Db;
  companyId: string;
}
