/**
 * Server-side dashboard sessions. The browser holds a random token; the database holds its SHA-256
 * (the token is random, so a fast hash suffices, as for API keys) with the user, the CSRF secret,
 * and two clocks: an idle timeout refreshed by use and an absolute end. Revoking is deleting the row.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, eq, lt, ne, or } from 'drizzle-orm';
import type { UserRole } from '../context/actor.ts';
import type { Db, Tx } from '../db/client.ts';
import { companies, sessions, users } from '../db/schema/index.ts';

export interface SessionSettings {
  idleTimeoutMs: number;
  maxAgeMs: number;
  /** The clock, injectable so tests can cross an expiry without waiting for it. */
  now: () => number;
}

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  companyId: string;
  companyName: string;
  mustChangePassword: boolean;
}

export interface ActiveSession {
  id: string;
  csrfSecret: string;
  user: SessionUser;
}

/** `last_seen_at` is written at most this often, so reads stay reads; idle expiry is this coarse. */
const TOUCH_EVERY_MS = 60_000;
const MAX_USER_AGENT = 512;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createSession(
  db: Db | Tx,
  settings: SessionSettings,
  userId: string,
  from: { ip?: string; userAgent?: string },
): Promise<{ token: string; sessionId: string; csrfSecret: string }> {
  const token = randomBytes(32).toString('base64url');
  const now = settings.now();
  const row = {
    id: randomUUID(),
    tokenHash: hashToken(token),
    userId,
    csrfSecret: randomBytes(18).toString('base64url'),
    createdAt: new Date(now),
    lastSeenAt: new Date(now),
    expiresAt: new Date(now + settings.maxAgeMs),
    ip: from.ip ?? null,
    userAgent: from.userAgent?.slice(0, MAX_USER_AGENT) ?? null,
  };
  await db.insert(sessions).values(row);
  return { token, sessionId: row.id, csrfSecret: row.csrfSecret };
}

/** The live session behind a cookie's token, or null (unknown, revoked, idle too long or past its end). */
export async function findSession(db: Db, settings: SessionSettings, token: string): Promise<ActiveSession | null> {
  const [row] = await db
    .select({
      id: sessions.id,
      csrfSecret: sessions.csrfSecret,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      user: {
        id: users.id,
        email: users.email,
        name: users.name,
        role: users.role,
        companyId: users.companyId,
        companyName: companies.name,
        mustChangePassword: users.mustChangePassword,
      },
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(companies, eq(companies.id, users.companyId))
    .where(eq(sessions.tokenHash, hashToken(token)));
  if (!row) return null;
  const now = settings.now();
  if (row.expiresAt.getTime() <= now || row.lastSeenAt.getTime() + settings.idleTimeoutMs <= now) {
    await db.delete(sessions).where(eq(sessions.id, row.id));
    return null;
  }
  if (now - row.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    await db.update(sessions).set({ lastSeenAt: new Date(now) }).where(eq(sessions.id, row.id));
  }
  return { id: row.id, csrfSecret: row.csrfSecret, user: row.user };
}

export async function revokeSession(db: Db | Tx, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Signs the user out everywhere (or everywhere but `except`). */
export async function revokeUserSessions(db: Db | Tx, userId: string, except?: string): Promise<void> {
  await db.delete(sessions).where(except ? and(eq(sessions.userId, userId), ne(sessions.id, except)) : eq(sessions.userId, userId));
}

/** Deletes sessions that can no longer be used; returns how many. */
export async function deleteExpiredSessions(db: Db, settings: SessionSettings): Promise<number> {
  const now = settings.now();
  const rows = await db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, new Date(now)), lt(sessions.lastSeenAt, new Date(now - settings.idleTimeoutMs))))
    .returning({ id: sessions.id });
  return rows.length;
}
