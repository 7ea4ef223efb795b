/**
 * The OpenAPI 3.1 document, generated from the very schemas that validate requests. Shared
 * schemas registered here become named components (#/components/schemas/<$id>).
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import type { TSchema } from 'typebox';
import { ErrorResponse } from './schemas/common.ts';
import { API_VERSION, IDEMPOTENCY_KEY_PARAMETER, polishDocument } from './openapi-polish.ts';
import { Lead, LeadCreate, LeadPatch, LeadWithBreakdown } from '../leads/schemas.ts';
import { BatchScoreRequest, BatchScoreResponse, ScoreRequest, ScoreResponse } from '../score/schemas.ts';
import { Webhook, WebhookDelivery, WebhookWithSecret } from '../webhooks/schemas.ts';
import { Development, DevelopmentWithStats } from '../developments/schemas.ts';
import { LeadStats, Stats } from '../stats/schemas.ts';

const LOGO_SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="190" height="32" viewBox="0 0 190 32">' +
    '<text x="0" y="23" font-family="Helvetica,Arial,sans-serif" font-size="22" font-weight="700" fill="#ffffff">Naybourhood</text></svg>',
);

/** Every schema with an $id, added once so routes can reference it by name. */
export const SHARED_SCHEMAS: TSchema[] = [
  ErrorResponse, Lead, LeadWithBreakdown, LeadCreate, LeadPatch,
  ScoreRequest, ScoreResponse, BatchScoreRequest, BatchScoreResponse,
  Webhook, WebhookWithSecret, WebhookDelivery,
  Development, LeadStats, DevelopmentWithStats, Stats,
];

export async function registerOpenApi(app: FastifyInstance, extraSchemas: TSchema[] = []) {
  for (const schema of [...SHARED_SCHEMAS, ...extraSchemas]) app.addSchema(schema);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Naybourhood API',
        version: API_VERSION,
        description:
          'Buyer intelligence for property developers: ingest leads, score buyers, track developments, ' +
          'receive signed webhooks and pull analytics. Authenticate with `Authorization: Bearer nb_live_…`.',
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key: nb_live_…' } },
      },
      security: [{ bearerAuth: [] }],
    },
    transform: ({ schema, url, route }) => {
      if (!schema) return { schema, url };
      const out: Record<string, unknown> = { ...schema };
      // A request body declared with an $id is documented as a reference to its named component.
      const body = (schema as { body?: { $id?: string } }).body;
      if (body?.$id) out.body = { $ref: `${body.$id}#` };
      // Creating routes replay a retried request with the same Idempotency-Key.
      if ((route.config as { idempotent?: boolean } | undefined)?.idempotent) {
        const headers = (schema as { headers?: { properties?: object } }).headers;
        out.headers = { type: 'object', ...headers, properties: { ...headers?.properties, 'Idempotency-Key': IDEMPOTENCY_KEY_PARAMETER.schema } };
      }
      // A plugin's root route ("/api/v1/leadscoring/") answers without the slash too; document it so.
      return { schema: out, url: url.length > 1 ? url.replace(/\/$/, '') : url } as never;
    },
    transformObject: (documentObject) => polishDocument((documentObject as { openapiObject: Record<string, unknown> }).openapiObject) as never,
    // Name components after their $id instead of def-0, def-1…
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/v1/docs',
    logo: { type: 'image/svg+xml', content: LOGO_SVG, href: '/api/v1/docs', target: '_self' },
    theme: {
      title: 'Naybourhood API reference',
      // The top bar's "Explore" box would load any URL's document into our page: hide it.
      css: [{ filename: 'naybourhood.css', content: '.swagger-ui .topbar{background:#123b34}.swagger-ui .topbar .download-url-wrapper{display:none}' }],
    },
    uiConfig: { deepLinking: true, tryItOutEnabled: false, displayRequestDuration: true },
  });
  app.get('/api/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
}
