/**
 * Dashboard users of a company: create (with a one-time password unless one is given), list,
 * change role, remove, and passwords. A company that has an admin always keeps one.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { UserRole } from '../context/actor.ts';
import type { Db, Tx } from '../db/client.ts';
import { companies, users } from '../db/schema/index.ts';
import { AppError, conflict, invalidField, notFound, unauthorized } from '../http/errors.ts';
import { isUuid } from '../ids.ts';
import type { Tenant } from '../tenant.ts';
import { checkPasswordPolicy, generateOneTimePassword, hashPassword, verifyPassword } from './passwords.ts';
import { revokeUserSessions } from './sessions.ts';

export type UserRow = typeof users.$inferSelect;

/** What any API answer says about a user: never the hash. */
export interface UserResponse {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  company_id: string;
  must_change_password: boolean;
  created_at: Date;
}

export const toUserResponse = (u: UserRow): UserResponse => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  company_id: u.companyId,
  must_change_password: u.mustChangePassword,
  created_at: u.createdAt,
});

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export interface CreateUserInput {
  email: string;
  name: string;
  role: UserRole;
  /** Omitted: a one-time password is generated, returned once, and must be changed at first sign-in. */
  password?: string;
}

export async function createUser(tenant: Tenant, input: CreateUserInput): Promise<{ user: UserResponse; oneTimePassword?: string }> {
  const email = normaliseEmail(input.email);
  if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254) throw invalidField('email', 'must be an email address');
  const name = input.name.trim();
  if (!name) throw invalidField('name', 'must not be empty');
  if (input.password !== undefined) checkPasswordPolicy(input.password, 'password');
  const [company] = isUuid(tenant.companyId) ? await tenant.db.select({ id: companies.id }).from(companies).where(eq(companies.id, tenant.companyId)) : [];
  if (!company) throw notFound('Company');
  const oneTimePassword = input.password === undefined ? generateOneTimePassword() : undefined;
  const passwordHash = await hashPassword(input.password ?? oneTimePassword!);
  const rows = await tenant.db
    .insert(users)
    .values({ id: randomUUID(), companyId: tenant.companyId, email, name, role: input.role, passwordHash, mustChangePassword: oneTimePassword !== undefined })
    .onConflictDoNothing({ target: users.email })
    .returning();
  if (rows.length === 0) throw emailTaken();
  return { user: toUserResponse(rows[0]!), oneTimePassword };
}

const emailTaken = () =>
  new AppError('CONFLICT', 'A user with this email already exists', [{ field: 'email', message: 'email is already used by a user' }]);

export async function listUsers(tenant: Tenant): Promise<UserResponse[]> {
  const rows = await tenant.db.select().from(users).where(eq(users.companyId, tenant.companyId)).orderBy(asc(users.createdAt), asc(users.id));
  return rows.map(toUserResponse);
}

export async function changeUserRole(tenant: Tenant, userId: string, role: UserRole): Promise<UserResponse> {
  return tenant.db.transaction(async (tx) => {
    const user = await lockUserKeepingAnAdmin(tx, tenant.companyId, userId, role !== 'admin');
    const [row] = await tx.update(users).set({ role, updatedAt: sql`now()` }).where(eq(users.id, user.id)).returning();
    return toUserResponse(row!);
  });
}

/** Removes the user; their sessions go with them (the foreign key cascades). */
export async function removeUser(tenant: Tenant, userId: string): Promise<void> {
  await tenant.db.transaction(async (tx) => {
    const user = await lockUserKeepingAnAdmin(tx, tenant.companyId, userId, true);
    await tx.delete(users).where(eq(users.id, user.id));
  });
}

/**
 * The company's user `userId`, locked; when the change would take away an admin, refuses if they
 * are the last one. Every admin row of the company is locked first, so two admins demoting each
 * other at once cannot both succeed.
 */
async function lockUserKeepingAnAdmin(tx: Tx, companyId: string, userId: string, losesAdmin: boolean): Promise<UserRow> {
  if (!isUuid(userId)) throw notFound('User');
  const admins = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.companyId, companyId), eq(users.role, 'admin')))
    .orderBy(asc(users.id))
    .for('update');
  const [user] = await tx.select().from(users).where(and(eq(users.id, userId), eq(users.companyId, companyId))).for('update');
  if (!user) throw notFound('User');
  if (losesAdmin && user.role === 'admin' && admins.length <= 1) {
    throw conflict('This is the company’s last admin: make another user an admin first');
  }
  return user;
}

/** The user who may sign in with this email, with their company's name. */
export async function findUserByEmail(db: Db, email: string) {
  const [row] = await db
    .select({ user: users, companyName: companies.name })
    .from(users)
    .innerJoin(companies, eq(companies.id, users.companyId))
    .where(eq(users.email, normaliseEmail(email)));
  return row;
}

/**
 * Replaces a signed-in user's password after checking the current one; every session of theirs
 * ends (the caller opens a fresh one for the browser that asked).
 */
export async function changePassword(db: Db, userId: string, currentPassword: string, newPassword: string): Promise<void> {
  checkPasswordPolicy(newPassword);
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user || !(await verifyPassword(currentPassword, user.passwordHash))) {
    // A 400, not a 401: the session is fine, and a dashboard treats 401 as "sign in again".
    throw new AppError('INVALID_REQUEST', 'The current password is wrong', [{ field: 'current_password', message: 'current_password is wrong' }], { reason: 'invalid_credentials' });
  }
  if (currentPassword === newPassword) throw invalidField('new_password', 'must differ from the current password');
  await setPassword(db, userId, await hashPassword(newPassword), false);
}

/**
 * The operator's reset: a given password, or a generated one-time password that must be changed at
 * the next sign-in. Either way every session of the user ends.
 */
export async function resetPassword(db: Db, email: string, password?: string): Promise<{ user: UserResponse; oneTimePassword?: string }> {
  if (password !== undefined) checkPasswordPolicy(password, 'password');
  const found = await findUserByEmail(db, email);
  if (!found) throw notFound('User');
  const oneTimePassword = password === undefined ? generateOneTimePassword() : undefined;
  const row = await setPassword(db, found.user.id, await hashPassword(password ?? oneTimePassword!), oneTimePassword !== undefined);
  return { user: toUserResponse(row), oneTimePassword };
}

async function setPassword(db: Db, userId: string, passwordHash: string, mustChange: boolean): Promise<UserRow> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: mustChange, updatedAt: sql`now()` })
      .where(eq(users.id, userId))
      .returning();
    if (!row) throw unauthorized('The user no longer exists');
    await revokeUserSessions(tx, userId);
    return row;
  });
}
