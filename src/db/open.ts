import type { Config } from '../config.ts';
import { openDatabase, type Database } from './client.ts';

/** The database the configuration names: PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR. */
export function openConfiguredDatabase(config: Config): Promise<Database> {
  return config.databaseUrl
    ? openDatabase({
        kind: 'postgres',
        url: config.databaseUrl,
        timeouts: {
          connectMs: config.databaseConnectTimeoutMs,
          statementMs: config.databaseStatementTimeoutMs,
          idleInTransactionMs: config.databaseIdleInTransactionTimeoutMs,
        },
      })
    : openDatabase({ kind: 'pglite', dataDir: config.dataDir });
}
