/** The webhooks wire contract: one declaration drives validation, types and OpenAPI. */
import { Type, type Static } from 'typebox';
import { EVENT_TYPES } from '../events/outbox.ts';
import { DELIVERY_STATUSES, SUBSCRIPTION_STATUSES } from '../db/schema/index.ts';
import { CursorMeta, DateTime, Nullable, Uuid } from '../http/schemas/common.ts';

const Enum = <T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });

const EventTypes = Type.Array(Enum(EVENT_TYPES), { minItems: 1, uniqueItems: true, description: 'The event types to receive' });
const Url = Type.String({ minLength: 1, maxLength: 2048, description: 'An http(s) URL that resolves to a public address' });

export const WebhookCreate = Type.Object(
  { url: Url, events: EventTypes, description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))) },
  {
    additionalProperties: false,
    examples: [{ url: 'https://crm.example.com/hooks/naybourhood', events: ['lead.created', 'lead.scored'], description: 'CRM sync' }],
  },
);
export type WebhookCreate = Static<typeof WebhookCreate>;

export const WebhookPatch = Type.Object(
  {
    url: Type.Optional(Url),
    events: Type.Optional(EventTypes),
    description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    status: Type.Optional(Enum(SUBSCRIPTION_STATUSES, '`active` re-enables a disabled subscription; `disabled` pauses it')),
  },
  { additionalProperties: false, minProperties: 1, examples: [{ events: ['lead.created', 'lead.scored', 'lead.status_changed'] }] },
);
export type WebhookPatch = Static<typeof WebhookPatch>;

const webhookProperties = {
  id: Uuid(),
  url: Type.String(),
  events: Type.Array(Enum(EVENT_TYPES)),
  description: Nullable(Type.String()),
  status: Enum(SUBSCRIPTION_STATUSES),
  disabled_reason: Nullable(Type.String({ description: 'Why deliveries stopped, e.g. the endpoint answered 410 or failed for days' })),
  disabled_at: Nullable(DateTime()),
  failing_since: Nullable(DateTime({ description: 'Start of the current run of failed deliveries' })),
  created_at: DateTime(),
  updated_at: DateTime(),
};

export const Webhook = Type.Object(webhookProperties, { $id: 'Webhook' });
export const WebhookWithSecret = Type.Object(
  { ...webhookProperties, secret: Type.String({ description: 'whsec_…: shown only in this response; verify X-Webhook-Signature with it' }) },
  { $id: 'WebhookWithSecret' },
);
export const WebhookList = Type.Object({ data: Type.Array(Type.Ref('Webhook')) });

export const WebhookDelivery = Type.Object(
  {
    id: Uuid(),
    webhook_id: Uuid(),
    event_id: Uuid({ description: 'Sent as X-Webhook-Id; the same on every attempt' }),
    event_type: Type.String(),
    attempt: Type.Integer({ minimum: 1 }),
    status: Enum(DELIVERY_STATUSES),
    status_code: Nullable(Type.Integer()),
    duration_ms: Type.Integer(),
    error: Nullable(Type.String()),
    response_snippet: Nullable(Type.String({ description: 'The first KiB of the response body' })),
    attempted_at: DateTime(),
    next_attempt_at: Nullable(DateTime({ description: 'When the next attempt is due, if another will be made' })),
  },
  { $id: 'WebhookDelivery' },
);

export const DeliveryListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    status: Type.Optional(Enum(DELIVERY_STATUSES)),
  },
  { additionalProperties: false },
);
export type DeliveryListQuery = Static<typeof DeliveryListQuery>;

export const DeliveryPage = Type.Object({ data: Type.Array(Type.Ref('WebhookDelivery')), pagination: CursorMeta });
