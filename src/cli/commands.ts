import type { Config } from '../config.ts';
import { openConfiguredDatabase } from '../db/open.ts';
import type { Database } from '../db/client.ts';
import { createCompany } from '../companies/service.ts';
import { createApiKey, revokeApiKey } from '../keys/service.ts';
import { startServer, type Role } from '../server.ts';
import { RETENTION_DAYS, runRetention } from '../retention/service.ts';
import type { Command, CommandContext } from './command.ts';
import { seedDemoCommand } from './seed-demo.ts';

/** Opens the configured database, migrated, for the length of one command. */
async function withDatabase<T>(config: Config, fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openConfiguredDatabase(config);
  try {
    await database.migrate();
    return await fn(database);
  } finally {
    await database.close();
  }
}

const required = (ctx: CommandContext, name: string): string => {
  const v = ctx.values[name];
  if (typeof v !== 'string' || v.trim() === '') throw new Error(`--${name} is required`);
  return v;
};

export const COMMANDS: Command[] = [
  {
    name: ['serve'],
    usage: 'serve [--role api|worker|all]      run the API and/or background workers',
    options: { role: { type: 'string', default: 'all' } },
    async run(ctx) {
      const role = ctx.values.role as Role;
      if (!['api', 'worker', 'all'].includes(role)) throw new Error('--role must be api, worker or all');
      const server = await startServer(ctx.config, role, (line) => console.log(line));
      await new Promise<void>((resolve) => {
        const shutdown = (signal: string) => {
          console.log(`${signal} received: finishing in-flight work, then stopping`);
          server.stop().then(resolve, (err) => {
            console.error(err);
            resolve();
          });
        };
        process.once('SIGTERM', () => shutdown('SIGTERM'));
        process.once('SIGINT', () => shutdown('SIGINT'));
      });
    },
  },
  {
    name: ['migrate'],
    usage: 'migrate                            apply database migrations',
    async run(ctx) {
      await withDatabase(ctx.config, async (db) => ctx.out(`Database is up to date (${db.kind})`, { migrated: true, database: db.kind }));
    },
  },
  {
    name: ['company', 'create'],
    usage: 'company create --name NAME          create a company (tenant)',
    options: { name: { type: 'string' } },
    async run(ctx) {
      const company = await withDatabase(ctx.config, (d) => createCompany(d.db, required(ctx, 'name')));
      ctx.out(`Created company ${company.name}: ${company.id}`, company);
    },
  },
  {
    name: ['key', 'create'],
    usage: 'key create --company ID --name NAME --permissions a,b|all [--rate-limit N]',
    options: {
      company: { type: 'string' },
      name: { type: 'string' },
      permissions: { type: 'string' },
      'rate-limit': { type: 'string' },
    },
    async run(ctx) {
      const rate = ctx.values['rate-limit'];
      const rateLimit = rate === undefined ? null : Number(rate);
      if (rateLimit !== null && (!Number.isInteger(rateLimit) || rateLimit < 1)) throw new Error('--rate-limit must be a positive integer');
      const key = await withDatabase(ctx.config, (d) =>
        createApiKey(d.db, {
          companyId: required(ctx, 'company'),
          name: required(ctx, 'name'),
          permissions: required(ctx, 'permissions').split(','),
          rateLimitPerMinute: rateLimit,
        }),
      );
      ctx.out(`Created API key ${key.id} (${key.permissions.join(', ')}). Shown once:\n${key.key}`, key);
    },
  },
  {
    name: ['key', 'revoke'],
    usage: 'key revoke KEY_ID                    revoke an API key at once',
    async run(ctx) {
      const id = ctx.positionals[0];
      if (!id) throw new Error('Give the id of the key to revoke');
      await withDatabase(ctx.config, (d) => revokeApiKey(d.db, id));
      ctx.out(`Revoked API key ${id}`, { id, revoked: true });
    },
  },
  {
    name: ['retention', 'run'],
    usage: 'retention run                       delete what is past its retention period now',
    async run(ctx) {
      const deleted = await withDatabase(ctx.config, (d) => runRetention(d.db));
      const lines = Object.entries(deleted).map(([what, n]) => {
        const days = RETENTION_DAYS[what as keyof typeof RETENTION_DAYS];
        return `  ${what}: ${n} deleted (kept ${days} day${days === 1 ? '' : 's'})`;
      });
      ctx.out(`Retention run finished:\n${lines.join('\n')}`, { deleted });
    },
  },
  seedDemoCommand,
];
