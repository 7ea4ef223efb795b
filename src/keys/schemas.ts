/** The API keys wire contract: one declaration drives validation, types and OpenAPI. */
import { Type, type Static } from 'typebox';
import { DateTime, Nullable, Uuid } from '../http/schemas/common.ts';
import { PERMISSIONS } from './permissions.ts';

const permissionList = `One or more of: ${PERMISSIONS.join(', ')}. \`all\` grants every permission, present and future. You can only grant permissions you hold.`;

export const KeyCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, description: 'What the key is for, e.g. "CRM sync"' }),
    // Plain strings, not an enum: an unknown permission is answered with the list of valid ones.
    permissions: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 32, description: permissionList }),
    rate_limit_per_minute: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Requests per minute; the server default when null' }))),
  },
  { additionalProperties: false },
);
export type KeyCreate = Static<typeof KeyCreate>;

const keyProperties = {
  id: Uuid(),
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the key, to tell keys apart' }),
  permissions: Type.Array(Type.String()),
  rate_limit_per_minute: Nullable(Type.Integer()),
  created_at: DateTime(),
};

export const ApiKey = Type.Object(
  { ...keyProperties, last_used_at: Nullable(DateTime()), revoked_at: Nullable(DateTime({ description: 'Set once revoked; a revoked key is refused' })) },
  { $id: 'ApiKey' },
);
export const ApiKeyWithSecret = Type.Object(
  { ...keyProperties, key: Type.String({ description: 'nb_live_…: the whole key, in this response only; it is stored as a hash' }) },
  { $id: 'ApiKeyWithSecret' },
);
export const ApiKeyList = Type.Object({ data: Type.Array(Type.Ref('ApiKey')) });
