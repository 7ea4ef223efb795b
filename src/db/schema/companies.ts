import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** Timestamps keep millisecond precision so that they round-trip through JS Dates and cursors. */
export const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
};

/** A tenant: one property developer. Every other row belongs to exactly one company. */
export const companies = pgTable('companies', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  ...timestamps,
});

export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey(),
    companyId: uuid('company_id')
      .notNull()
      .references(() => companies.id),
    name: text('name').notNull(),
    /** First characters of the key, shown in lists so a user can tell keys apart. */
    prefix: text('prefix').notNull(),
    /** SHA-256 of the whole key; the key itself is never stored. */
    keyHash: text('key_hash').notNull(),
    permissions: text('permissions').array().notNull(),
    rateLimitPerMinute: integer('rate_limit_per_minute'),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, precision: 3 }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, precision: 3 }),
    ...timestamps,
  },
  (t) => [uniqueIndex('api_keys_key_hash_idx').on(t.keyHash), index('api_keys_company_idx').on(t.companyId)],
);

/** Responses to POSTs that carried an Idempotency-Key, replayed for 24 hours. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    companyId: uuid('company_id')
      .notNull()
      .references(() => companies.id),
    key: text('key').notNull(),
    /** METHOD + route + SHA-256 of the body: the same key with another request is a conflict. */
    requestHash: text('request_hash').notNull(),
    /** Null while the first request is still being processed. */
    statusCode: integer('status_code'),
    /**
     * Until when the unanswered claim is held. A process killed mid-request never answers; once
     * its lease has run out, a retry with the same key takes the claim over and does the work.
     */
    leaseExpiresAt: timestamp('lease_expires_at', { withTimezone: true, precision: 3 }),
    responseBody: text('response_body'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('idempotency_keys_pk').on(t.companyId, t.key),
    index('idempotency_keys_created_idx').on(t.createdAt),
  ],
);

