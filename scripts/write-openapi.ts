// Writes docs/openapi.json from the route schemas. `npm test` fails when the committed copy drifts.
import { writeFile } from 'node:fs/promises';
import { generateOpenApi, OPENAPI_PATH } from '../src/http/openapi-document.ts';

await writeFile(OPENAPI_PATH, `${JSON.stringify(await generateOpenApi(), null, 2)}\n`);
console.log(`Wrote ${OPENAPI_PATH}`);
