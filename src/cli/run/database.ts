import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { openConfiguredDatabase } from '../../db/open.ts';

/** Opens the configured database, migrated, for the length of one command. */
export async function withDatabase<T>(config: Config, fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openConfiguredDatabase(config);
  try {
    await database.migrate();
    return await fn(database);
  } finally {
    await database.close();
  }
}
