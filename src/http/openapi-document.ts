/** Builds the app once, without a server or real database traffic, to read its OpenAPI document. */
import { fileURLToPath } from 'node:url';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';

export const OPENAPI_PATH = fileURLToPath(new URL('../../docs/openapi.json', import.meta.url));

export async function generateOpenApi(): Promise<unknown> {
  const database = await openDatabase({ kind: 'pglite-memory' });
  // A fixed session secret: the app would otherwise read its generated one from the (empty) database.
  const app = await buildApp({ config: loadConfig({ SESSION_SECRET: 'the OpenAPI document signs no sessions' }), database, logger: false });
  try {
    await app.ready();
    return app.swagger();
  } finally {
    await app.close();
    await database.close();
  }
}
