import { RETENTION_DAYS, runRetention } from '../../retention/service.ts';
import type { CommandContext } from '../commands.ts';
import { withDatabase } from './database.ts';

export async function retentionRun(ctx: CommandContext) {
  const deleted = await withDatabase(ctx.config, (d) => runRetention(d.db));
  const lines = Object.entries(deleted).map(([what, n]) => {
    const days = RETENTION_DAYS[what as keyof typeof RETENTION_DAYS];
    return `  ${what}: ${n} deleted (kept ${days} day${days === 1 ? '' : 's'})`;
  });
  ctx.out(`Retention run finished:\n${lines.join('\n')}`, { deleted });
}
