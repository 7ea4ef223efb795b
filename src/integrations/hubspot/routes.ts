/** HubSpot settings: GET/PUT /integrations/hubspot, permission settings_manage. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { DateTime, errorResponses, Nullable } from '../../http/schemas/common.ts';
import { getHubspotSettings, putHubspotSettings } from './settings.ts';

const HubspotSettingsPut = Type.Object(
  {
    enabled: Type.Boolean({ description: 'Push every inbound lead to HubSpot as a contact' }),
    access_token: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 500, description: 'Private-app token; write-only. null removes it, absent keeps it' }))),
  },
  { additionalProperties: false, examples: [{ enabled: true, access_token: 'pat-eu1-0a1b2c3d-4e5f-6789-abcd-ef0123456789' }] },
);
const HubspotSettings = Type.Object({
  enabled: Type.Boolean(),
  access_token_set: Type.Boolean({ description: 'Whether a token is stored; the token itself is never returned' }),
  updated_at: Nullable(DateTime()),
});

const tags = ['Integrations'];

export const hubspotRoutes: FastifyPluginAsyncTypebox<{ db: Db; config: Config }> = async (app, { db, config }) => {
  app.get('/integrations/hubspot', {
    config: { permission: 'settings_manage' },
    schema: { tags, operationId: 'getHubspotSettings', summary: 'HubSpot settings (never the token)', description: 'Whether the HubSpot push is enabled and whether a token is stored; the token itself is never returned.', response: { 200: HubspotSettings, ...errorResponses(401, 403, 429) } },
    handler: async (request) => getHubspotSettings(request.ctx),
  });
  app.put('/integrations/hubspot', {
    config: { permission: 'settings_manage' },
    schema: {
      tags,
      operationId: 'putHubspotSettings',
      summary: 'Enable or disable the HubSpot push and set its token',
      description:
        '`enabled` turns the push of inbound leads to HubSpot on or off. `access_token` is write-only and stored sealed: absent keeps it, `null` removes it.',
      body: HubspotSettingsPut,
      response: { 200: HubspotSettings, ...errorResponses(400, 401, 403, 413, 415, 429) },
    },
    handler: async (request) => putHubspotSettings(request.ctx, config, request.body),
  });
};
