import type { CommandContext } from '../commands.ts';
import { withDatabase } from './database.ts';

export async function migrate(ctx: CommandContext) {
  await withDatabase(ctx.config, async (db) => ctx.out(`Database is up to date (${db.kind})`, { migrated: true, database: db.kind }));
}
