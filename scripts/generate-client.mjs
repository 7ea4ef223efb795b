#!/usr/bin/env node
// Generates a TypeScript client from docs/openapi.json with @hey-api/openapi-ts:
//   node scripts/generate-client.mjs OUTPUT_DIR
// The generator drives the TypeScript compiler API, which TypeScript 7 (this repository's
// compiler) no longer has; it gets TypeScript 5 (devDependency `typescript-for-openapi-ts`)
// through a resolve hook, while the generated code is compiled with TypeScript 7.
import { register } from 'node:module';
import { fileURLToPath } from 'node:url';

const hook = `export async function resolve(specifier, context, next) {
  if (specifier === 'typescript' && context.parentURL?.includes('/node_modules/@hey-api/')) return next('typescript-for-openapi-ts', context);
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`, import.meta.url);

const output = process.argv[2];
if (!output) {
  console.error('Usage: node scripts/generate-client.mjs OUTPUT_DIR');
  process.exit(2);
}
const { createClient } = await import('@hey-api/openapi-ts');
await createClient({
  input: fileURLToPath(new URL('../docs/openapi.json', import.meta.url)),
  output: { path: output },
  plugins: ['@hey-api/client-fetch', '@hey-api/typescript', '@hey-api/sdk'],
  logs: { level: 'silent' },
});
console.log(`Wrote a TypeScript client to ${output}`);
