import { boolean, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { UserRole } from '../../context/actor.ts';
import { companies, timestamps } from './companies.ts';

export const USER_ROLES = ['admin', 'member', 'viewer'] as const satisfies readonly UserRole[];

/** A person who signs in to the dashboard. Emails are unique across companies, so sign-in needs only one. */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    companyId: uuid('company_id')
      .notNull()
      .references(() => companies.id),
    /** Stored lower-cased: sign-in and uniqueness ignore case. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role').$type<UserRole>().notNull(),
    /** `scrypt$N$r$p$salt$hash` (src/accounts/passwords.ts): the parameters travel with each hash. */
    passwordHash: text('password_hash').notNull(),
    /** Set for a one-time password: the user must choose their own before anything else. */
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    ...timestamps,
  },
  (t) => [uniqueIndex('users_email_idx').on(t.email), index('users_company_idx').on(t.companyId)],
);

/**
 * A signed-in browser. The cookie carries a random token; only its SHA-256 is stored, so a copy
 * of this table cannot be replayed. Deleting the row signs the browser out at its next request.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The secret the session's CSRF tokens are derived from (never sent to the browser itself). */
    csrfSecret: text('csrf_secret').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
    /** Refreshed at most once a minute; the session ends after the idle timeout without use. */
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, precision: 3 }).notNull(),
    /** The absolute end, however active the session is. */
    expiresAt: timestamp('expires_at', { withTimezone: true, precision: 3 }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [uniqueIndex('sessions_token_hash_idx').on(t.tokenHash), index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);
