/** Builds the real app on a fresh database for one test file, with factories for its data. */
import type { TestContext } from 'node:test';
import { after } from 'node:test';
import type { Redis } from 'ioredis';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { createCompany } from '../../src/companies/service.ts';
import { createApiKey } from '../../src/keys/service.ts';
import type { Permission } from '../../src/keys/permissions.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { startTripwire } from './tripwire.ts';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  config: Config;
  /** A new company with an API key holding the given permissions. */
  tenant(permissions?: Permission[], opts?: { rateLimitPerMinute?: number }): Promise<TestTenant>;
}

export interface TestTenant {
  companyId: string;
  key: string;
  keyId: string;
  /** app.inject with this tenant's key; `body` is sent as JSON. */
  request(method: InjectOptions['method'], url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** Another key for the same company. */
  newKey(permissions: Permission[], opts?: { rateLimitPerMinute?: number }): Promise<string>;
}

let counter = 0;
/** Started as the file loads, so it lives (and is checked) until the whole file has run. */
const tripwire = await startTripwire();

/**
 * Every third party's base URL, unless the test sets its own: the file's tripwire, which fails the
 * file on any request. (Pre-FI and Form AI are unset by default: the built-in providers answer.)
 */
export const THIRD_PARTIES = { HUBSPOT_API_BASE_URL: `${tripwire.url}/hubspot`, META_GRAPH_API_BASE_URL: `${tripwire.url}/graph` };

export interface TestAppOptions {
  /** Clean up after this test instead of after the file. */
  t?: TestContext;
  redis?: Redis;
  /** Share another test app's database (e.g. two API processes on one database). */
  database?: TestDatabase;
}

export async function startTestApp(env: Record<string, string> = {}, opts: TestAppOptions = {}): Promise<TestApp> {
  const { t } = opts;
  const database = opts.database ?? (await createTestDatabase());
  // Tests revoke keys behind the app's back, so by default they see revocations at once.
  const config = loadConfig({ DATA_DIR: '.tmp/unused', API_KEY_CACHE_TTL_MS: '0', ...THIRD_PARTIES, ...env });
  const app = await buildApp({ config, database, logger: false, redis: opts.redis });
  await app.ready();
  const cleanup = async () => {
    await app.close();
    if (!opts.database) await database.drop();
  };
  if (t) t.after(cleanup);
  else after(cleanup);

  const tenant = async (permissions: Permission[] = ['all'], opts: { rateLimitPerMinute?: number } = {}): Promise<TestTenant> => {
    const company = await createCompany(database.db, `Company ${++counter}`);
    const makeKey = async (perms: Permission[], o: { rateLimitPerMinute?: number }) =>
      createApiKey(database.db, { companyId: company.id, name: 'test', permissions: perms, rateLimitPerMinute: o.rateLimitPerMinute ?? 10_000 });
    const key = await makeKey(permissions, opts);
    return {
      companyId: company.id,
      key: key.key,
      keyId: key.id,
      request: (method, url, body, headers = {}) =>
        app.inject({
          method,
          url,
          headers: { authorization: `Bearer ${key.key}`, ...headers },
          ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }),
        }),
      newKey: async (perms, o = {}) => (await makeKey(perms, o)).key,
    };
  };
  return { app, database, config, tenant };
}

/** A plausible lead; override any field. Emails are unique so leads never collide by accident. */
export function leadInput(overrides: Record<string, unknown> = {}) {
  const n = ++counter;
  return {
    full_name: 'Sarah Chen',
    email: `sarah.chen+${n}@example.com`,
    phone: '+44 7911 123456',
    budget: '500000',
    payment_method: 'mortgage',
    timeline: '3 months',
    purpose: 'primary residence',
    location: 'London',
    bedrooms: 2,
    source: 'Website',
    ...overrides,
  };
}
