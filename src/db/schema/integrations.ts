import { boolean, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { companies, timestamps } from './companies.ts';

/** A company's HubSpot connection. The private-app token is write-only and encrypted at rest. */
export const hubspotSettings = pgTable('hubspot_settings', {
  companyId: uuid('company_id')
    .primaryKey()
    .references(() => companies.id),
  enabled: boolean('enabled').notNull().default(false),
  accessTokenCiphertext: text('access_token_ciphertext'),
  ...timestamps,
});
