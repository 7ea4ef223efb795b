import { resealStoredSecrets } from '../../crypto/reseal.ts';
import { loadSecretBox } from '../../crypto/secret-box.ts';
import type { CommandContext } from '../commands.ts';
import { withDatabase } from './database.ts';

export async function resealCommand(ctx: CommandContext) {
  const report = await withDatabase(ctx.config, async (d) => resealStoredSecrets(d.db, await loadSecretBox(d.db, ctx.config)));
  ctx.out(`${report.sealed} plaintext secrets sealed, ${report.resealed} moved to the current sealing key`, report);
}
