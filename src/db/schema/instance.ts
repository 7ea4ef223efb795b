import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Secrets of this installation generated on first use (e.g. the key that encrypts stored
 * third-party tokens when SESSION_SECRET is not set). One row per name, never rewritten.
 */
export const instanceSecrets = pgTable('instance_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});
