/** Dashboard users and their browser sessions, through the real sign-in endpoint. */
import assert from 'node:assert/strict';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { UserRole } from '../../src/context/actor.ts';
import { createUser } from '../../src/accounts/users.ts';
import type { Db } from '../../src/db/client.ts';

let counter = 0;
export const PASSWORD = 'correct horse battery staple';

export interface Browser {
  /** The `nb_session=…` pair a browser would send back. */
  cookie: string;
  csrf: string;
  userId: string;
  email: string;
  /** app.inject with the session cookie and, unless `csrf: false`, the CSRF token. */
  request(method: InjectOptions['method'], url: string, body?: unknown, opts?: { csrf?: string | false; headers?: Record<string, string> }): Promise<LightMyRequestResponse>;
}

/** The `name=value` of a Set-Cookie header, as a browser sends it back. */
export function cookieOf(res: LightMyRequestResponse, name = 'nb_session'): string | undefined {
  const all = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return all.map((c) => c.split(';')[0]!).find((c) => c.startsWith(`${name}=`));
}

export function browserFrom(app: FastifyInstance, login: LightMyRequestResponse, userId: string, email: string): Browser {
  assert.equal(login.statusCode, 200, login.body);
  const cookie = cookieOf(login);
  assert.ok(cookie, 'the sign-in set a session cookie');
  const browser: Browser = {
    cookie,
    csrf: login.json().csrf_token,
    userId,
    email,
    request: (method, url, body, opts = {}) => {
      const csrf = opts.csrf === undefined ? browser.csrf : opts.csrf;
      return app.inject({
        method,
        url,
        headers: { cookie: browser.cookie, ...(csrf === false ? {} : { 'x-csrf-token': csrf }), ...opts.headers },
        ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }),
      });
    },
  };
  return browser;
}

export const signInRequest = (app: FastifyInstance, email: string, password = PASSWORD, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, headers });

/** A new user of `companyId` with a known password, signed in. */
export async function signedInUser(app: FastifyInstance, db: Db, companyId: string, role: UserRole): Promise<Browser> {
  const email = `user${++counter}.${role}@example.com`;
  const { user } = await createUser({ db, companyId }, { email, name: `${role} ${counter}`, role, password: PASSWORD });
  return browserFrom(app, await signInRequest(app, email), user.id, email);
}
