/**
 * The OpenAPI 3.1 document, generated from the very schemas that validate requests. Shared
 * schemas registered here become named components (#/components/schemas/<$id>).
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import type { TSchema } from 'typebox';
import { ErrorResponse } from './schemas/common.ts';
import { Lead, LeadCreate, LeadPatch, LeadWithBreakdown } from '../leads/schemas.ts';
import { BatchScoreRequest, BatchScoreResponse, ScoreRequest, ScoreResponse } from '../score/schemas.ts';
import { Webhook, WebhookDelivery, WebhookWithSecret } from '../webhooks/schemas.ts';
import { Development, DevelopmentWithStats } from '../developments/schemas.ts';
import { LeadStats, Stats } from '../stats/schemas.ts';
import { ApiKey, ApiKeyWithSecret } from '../keys/schemas.ts';
import { SessionResponse, SessionUser, User } from '../accounts/schemas.ts';

/** Every schema with an $id, added once so routes can reference it by name. */
export const SHARED_SCHEMAS: TSchema[] = [
  ErrorResponse, Lead, LeadWithBreakdown, LeadCreate, LeadPatch,
  ScoreRequest, ScoreResponse, BatchScoreRequest, BatchScoreResponse,
  Webhook, WebhookWithSecret, WebhookDelivery,
  Development, LeadStats, DevelopmentWithStats, Stats,
  ApiKey, ApiKeyWithSecret, SessionUser, SessionResponse, User,
];

export async function registerOpenApi(app: FastifyInstance, extraSchemas: TSchema[] = []) {
  for (const schema of [...SHARED_SCHEMAS, ...extraSchemas]) app.addSchema(schema);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Naybourhood API',
        version: '1.4.0',
        description:
          'Buyer intelligence for property developers: ingest leads, score buyers, track developments, ' +
          'receive signed webhooks and pull analytics. Authenticate with `Authorization: Bearer nb_live_…`, ' +
          'or (the dashboard) with the `nb_session` cookie from POST /api/v1/auth/login plus an `X-CSRF-Token` header on every ' +
          'POST, PUT, PATCH and DELETE; a session has the permissions of its user’s role.',
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key: nb_live_…' },
          sessionCookie: { type: 'apiKey', in: 'cookie', name: 'nb_session', description: 'A dashboard session (POST /api/v1/auth/login)' },
        },
      },
      security: [{ bearerAuth: [] }, { sessionCookie: [] }],
    },
    // A request body declared with an $id is documented as a reference to its named component.
    transform: ({ schema, url }) => {
      const body = (schema as { body?: { $id?: string } } | undefined)?.body;
      if (!schema || !body?.$id) return { schema, url };
      return { schema: { ...schema, body: { $ref: `${body.$id}#` } }, url } as never;
    },
    // Name components after their $id instead of def-0, def-1…
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/api/v1/docs' });
  app.get('/api/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
}
