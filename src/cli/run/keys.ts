import { createApiKey, listApiKeys, revokeApiKey } from '../../keys/service.ts';
import type { CommandContext } from '../commands.ts';
import { UsageError } from '../usage-error.ts';
import { withDatabase } from './database.ts';

export async function createKeyCommand(ctx: CommandContext) {
  const rate = ctx.values['rate-limit'];
  const rateLimit = rate === undefined ? null : Number(rate);
  if (rateLimit !== null && (!Number.isInteger(rateLimit) || rateLimit < 1)) throw new UsageError('--rate-limit must be a positive integer');
  const key = await withDatabase(ctx.config, (d) =>
    createApiKey(d.db, {
      companyId: ctx.values.company as string,
      name: ctx.values.name as string,
      permissions: (ctx.values.permissions as string).split(','),
      rateLimitPerMinute: rateLimit,
    }),
  );
  ctx.out(`Created API key ${key.id} (${key.permissions.join(', ')}). Shown once:\n${key.key}`, key);
}

export async function listKeysCommand(ctx: CommandContext) {
  const keys = await withDatabase(ctx.config, (d) =>
    listApiKeys(d.db, { companyId: ctx.values.company as string | undefined, includeRevoked: ctx.values['include-revoked'] === true }),
  );
  const day = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace('T', ' ') : 'never');
  const lines = keys.map(
    (k) =>
      `${k.id}  ${k.prefix}…  ${k.name}  [${k.permissions.join(',')}]  company ${k.company_id}  last used ${day(k.last_used_at)}` +
      (k.revoked_at ? `  REVOKED ${day(k.revoked_at)}` : ''),
  );
  ctx.out(lines.length ? lines.join('\n') : 'No API keys', { data: keys });
}

export async function revokeKeyCommand(ctx: CommandContext) {
  const id = ctx.positionals[0];
  if (!id) throw new UsageError('Give the id of the key to revoke (naybourhood key list shows them)');
  await withDatabase(ctx.config, (d) => revokeApiKey(d.db, id));
  ctx.out(`Revoked API key ${id}`, { id, revoked: true });
}
