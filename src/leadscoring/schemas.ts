/** The Lead Scoring API's wire contract (the contract Typeform integrators were given), one declaration for validation and OpenAPI. */
import { Type } from 'typebox';
import { DateTime, Nullable, Uuid } from '../http/schemas/common.ts';
import { LEAD_FIELDS } from './answers.ts';
import { ACTION_SOURCES } from './capi/graph.ts';
import { Envelope } from './envelope.ts';

/** Leaves `description` out rather than undefined: @fastify/swagger trips over undefined keys. */
const described = (description?: string) => (description ? { description } : {});
const Probability = (description?: string) => Type.Number({ minimum: 0, maximum: 1, ...described(description) });
const Enum = <T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...described(description) });
const Email = Type.String({ minLength: 3, maxLength: 254, description: 'The lead\'s email (case-insensitive)' });

export const ResultQuery = Type.Object({ client_id: Uuid(), email: Email }, { additionalProperties: false });
export const ClientEmailParams = Type.Object({ client_id: Uuid(), email: Email }, { additionalProperties: false });
export const ClientParams = Type.Object({ client_id: Uuid() }, { additionalProperties: false });

const thresholds = {
  fb_capi_fin: Probability('The CAPI event fires only when p_fin is above this'),
  fb_capi_show: Probability('…and p_show is above this'),
  a_rotator_fin: Probability('Rotator A: p_fin at least this…'),
  a_rotator_show: Probability('…and p_show at least this'),
  b_rotator_fin: Probability(),
  b_rotator_show: Probability(),
  c_rotator_fin: Probability('Below C on either axis the lead gets no rotator (null)'),
  c_rotator_show: Probability(),
};
const meta = {
  pixel_id: Nullable(Type.String({ pattern: '^[0-9]{1,32}$', description: 'Meta pixel (dataset) id', examples: ['123456789012345'] })),
  event_name: Type.String({ minLength: 1, maxLength: 100, description: 'e.g. Lead' }),
  event_source_url: Nullable(Type.String({ pattern: '^https?://', maxLength: 2000, examples: ['https://www.example.com/register-interest'] })),
  action_source: Enum(ACTION_SOURCES),
};

const FieldMapping = Type.Record(Type.String({ minLength: 1, maxLength: 255 }), Enum(LEAD_FIELDS), {
  maxProperties: 200,
  description: 'Typeform field ref or id → lead field, e.g. {"budget_q": "budget"}. Unmapped answers are matched by their ref and title.',
});

const MaxSubmissions = Type.Integer({
  minimum: 1,
  maximum: 100_000,
  description: 'Typeform submissions the webhook accepts per hour for this client (default 300); past it, 429 with Retry-After (Typeform retries)',
});
const RequireSignature = Type.Boolean({
  description: 'Refuse deliveries without a valid Typeform-Signature (default false; needs typeform_secret). Recommended.',
});

export const SettingsUpdate = Type.Object(
  {
    ...Object.fromEntries(Object.entries(thresholds).map(([k, v]) => [k, Type.Optional(v)])),
    pixel_id: Type.Optional(meta.pixel_id),
    access_token: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 2000, description: 'Write-only; null removes it' }))),
    event_name: Type.Optional(meta.event_name),
    event_source_url: Type.Optional(meta.event_source_url),
    action_source: Type.Optional(meta.action_source),
    typeform_secret: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 500, description: 'Write-only; null removes it' }))),
    field_mapping: Type.Optional(FieldMapping),
    max_submissions_per_hour: Type.Optional(MaxSubmissions),
    require_signature: Type.Optional(RequireSignature),
  },
  {
    additionalProperties: false,
    minProperties: 1,
    description: 'Fields left out keep their value; null clears a nullable one.',
    examples: [{ fb_capi_fin: 0.6, fb_capi_show: 0.5, field_mapping: { budget_q: 'budget' } }],
  },
);

export const SettingsView = Envelope(
  Type.Object({
    ...thresholds,
    ...meta,
    field_mapping: FieldMapping,
    max_submissions_per_hour: MaxSubmissions,
    require_signature: RequireSignature,
    access_token_set: Type.Boolean(),
    typeform_secret_set: Type.Boolean(),
  }),
);

const ProviderTrace = Type.Object({
  source: Enum(['remote', 'local'] as const),
  fallback_reason: Type.Optional(Type.String()),
});

export const ResultView = Envelope(
  Nullable(
    Type.Object({
      email: Type.String(),
      value: Type.Object({
        p_fin: Probability(),
        p_show: Probability(),
        p_sql: Probability(),
        sal: Enum(['Yes', 'No'] as const),
        sal_rating: Enum(['Exceptional', 'Great', 'Good', 'Poor', 'Unknown'] as const),
        p_show_ai: Probability(),
        p_close_ai: Probability(),
        p_finq_ai: Probability(),
        p_intent_ai: Probability(),
        state_residence: Nullable(Type.String()),
        rotator: Nullable(Enum(['A', 'B', 'C'] as const)),
      }),
      settings: Type.Object({ ...thresholds, ...meta }),
      providers: Type.Object({ prefi: ProviderTrace, form_ai: ProviderTrace }, { description: 'Which provider answered' }),
      lead_id: Nullable(Uuid()),
      scored_at: DateTime(),
    }),
  ),
);

export const FireView = Envelope(Enum(['success', 'failed'] as const));
export const WebhookAccepted = Envelope(Type.Literal('OK'));

/**
 * Limits on a Typeform delivery, checked before anything reads it (no question is matched, no
 * database row read, until the delivery fits). As strict as the lead's own limits: no answer
 * can carry more text than the longest lead field (notes, 5000), no id or ref is longer than a
 * field-mapping key (255), and there are no more answers than a lead has attributes (100).
 */
export const TYPEFORM_LIMITS = {
  answers: 100,
  fields: 200,
  title: 1000,
  id: 255,
  answerText: 5000,
  choices: 100,
  choiceLabel: 1000,
  hidden: 50,
  hiddenValue: 500,
} as const;
/** Stands for the caller's own company id (the `client_id`) in examples. */
export const EXAMPLE_CLIENT_ID = '00000000-0000-4000-8000-00000000c11e';

const L = TYPEFORM_LIMITS;
const Id = (description?: string) => Type.String({ maxLength: L.id, ...described(description) });
const Open = (properties: Record<string, ReturnType<typeof Type.Optional>>, options: Record<string, unknown> = {}) =>
  Type.Object(properties, { additionalProperties: true, ...options });
const FieldRef = Open({ id: Type.Optional(Id()), ref: Type.Optional(Id()), type: Type.Optional(Id()) });
const AnswerText = Type.String({ maxLength: L.answerText });
const ChoiceLabel = Type.String({ maxLength: L.choiceLabel });

/** Every answer type's value, each bounded; an unknown future type is bounded by the body limit and by the lead's attribute cap. */
const TypeformAnswer = Open(
  {
    type: Type.Optional(Id()),
    field: Type.Optional(FieldRef),
    text: Type.Optional(AnswerText),
    email: Type.Optional(AnswerText),
    phone_number: Type.Optional(AnswerText),
    url: Type.Optional(AnswerText),
    file_url: Type.Optional(AnswerText),
    date: Type.Optional(AnswerText),
    choice: Type.Optional(Open({ label: Type.Optional(ChoiceLabel), other: Type.Optional(ChoiceLabel) })),
    choices: Type.Optional(Open({ labels: Type.Optional(Type.Array(ChoiceLabel, { maxItems: L.choices })), other: Type.Optional(ChoiceLabel) })),
  },
  { description: 'type plus a value under the key named by type: text, email, phone_number, number, boolean, date, url, file_url, choice, choices, payment' },
);

/** A Typeform delivery with its limits; the service checks it so the messages are the contract's own. */
export const TypeformDelivery = Open(
  {
    event_id: Type.Optional(Id()),
    event_type: Type.Optional(Type.String({ maxLength: L.id, description: 'Must be form_response' })),
    form_response: Type.Optional(
      Open({
        form_id: Type.Optional(Id()),
        token: Type.Optional(Id('The response id; a second delivery with the same token is ignored')),
        submitted_at: Type.Optional(Type.String({ maxLength: 64, description: 'ISO 8601' })),
        hidden: Type.Optional(Type.Unsafe<Record<string, unknown> | null>({
          type: ['object', 'null'],
          maxProperties: L.hidden,
          propertyNames: { maxLength: 64 },
          // Typeform sends hidden fields as strings; none longer than a UTM value may be.
          additionalProperties: { maxLength: L.hiddenValue },
          description: 'client_id (required), utm_*, first_name, last_name, email, phone_number, fbc, fbp, event_id, consent_ip…',
        })),
        definition: Type.Optional(Nullable(Open({
          fields: Type.Optional(Nullable(Type.Array(Open({ id: Type.Optional(Id()), ref: Type.Optional(Id()), type: Type.Optional(Id()), title: Type.Optional(Type.String({ maxLength: L.title })) }), { maxItems: L.fields }))),
        }))),
        answers: Type.Optional(Nullable(Type.Array(TypeformAnswer, { maxItems: L.answers }))),
      }),
    ),
  },
  {
    description: 'A Typeform form_response webhook delivery',
    examples: [{
    event_id: '01JEXAMPLE0EVENT0000000001',
    event_type: 'form_response',
    form_response: {
      form_id: 'lT4Z3j',
      token: 'a3a12ec67a1365927098a606107fac15',
      submitted_at: '2026-12-01T09:30:00Z',
      hidden: { client_id: EXAMPLE_CLIENT_ID, phone_number: '+447911123456', consent_ip: '203.0.113.7', utm_source: 'facebook' },
      definition: { fields: [{ id: 'f1', ref: 'full_name', type: 'short_text', title: 'Your name' }, { id: 'f2', ref: 'email', type: 'email', title: 'Your email' }] },
      answers: [
        { type: 'text', text: 'James Wilson', field: { id: 'f1', ref: 'full_name', type: 'short_text' } },
        { type: 'email', email: 'james.wilson@example.com', field: { id: 'f2', ref: 'email', type: 'email' } },
      ],
    },
  }],
  },
);
