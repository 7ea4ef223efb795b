/** The lead's wire contract: one declaration drives validation, types, serialisation and OpenAPI. */
import { Type, type Static } from 'typebox';
import { LEAD_CATEGORIES, LEAD_STATUSES } from '../scoring/index.ts';
import { CursorMeta, DateTime, Enum, Nullable, PageMeta, Uuid, TimeBound } from '../http/schemas/common.ts';
import { MAX_JSON_BYTES_KEYWORD } from '../http/validation.ts';
import { ClassificationSchema, StoredScoreBreakdown, scoreProperties } from '../http/schemas/score.ts';

/** Free-form JSON on a lead is capped by its size as JSON: a count cannot bound a nested tree. */
export const ATTRIBUTES_MAX_BYTES = 32 * 1024;
export const UTM_MAX_BYTES = 4 * 1024;

const Text = (maxLength: number, description?: string) => Nullable(Type.String({ maxLength, description }));

export const LeadStatusSchema = Enum(LEAD_STATUSES);
export { ClassificationSchema };
export const CategorySchema = Enum(LEAD_CATEGORIES);

/** Fields a client may write, all optional. Everything else on a lead (scores, ids, company) is read-only. */
const writable = {
  email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 254 }))),
  phone: Type.Optional(Text(40)),
  budget: Type.Optional(Nullable(
    Type.Union([Type.String({ maxLength: 100 }), Type.Number({ minimum: 0 })], {
      description: 'Free text such as "500000", "£500k", "1.2m" or "£450k-£550k"; a number is accepted too',
    }),
  )),
  payment_method: Type.Optional(Text(200, 'e.g. cash, mortgage, mortgage approved / AIP, shared ownership')),
  timeline: Type.Optional(Text(200, 'e.g. immediate, 28 days, 3 months, just browsing')),
  purpose: Type.Optional(Text(200, 'e.g. primary residence, investment, buy to let, second home')),
  location: Type.Optional(Text(200)),
  bedrooms: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 20 }))),
  source: Type.Optional(Text(100, 'e.g. Rightmove, Zoopla, Website, Facebook')),
  category: Type.Optional(CategorySchema),
  development_id: Type.Optional(Nullable(Uuid())),
  notes: Type.Optional(Text(5000)),
  utm: Type.Optional(Nullable(Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 500 }), {
    maxProperties: 20,
    [MAX_JSON_BYTES_KEYWORD]: UTM_MAX_BYTES,
    description: `At most ${UTM_MAX_BYTES} bytes as JSON`,
  }))),
  attributes: Type.Optional(Nullable(
    Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), {
      maxProperties: 100,
      [MAX_JSON_BYTES_KEYWORD]: ATTRIBUTES_MAX_BYTES,
      description: `Custom fields, e.g. form answers; at most ${ATTRIBUTES_MAX_BYTES} bytes as JSON. Left out of lists unless asked for with \`expand=attributes\``,
    }),
  )),
};

/** The lead every example in the document is about; it scores as a Hot Lead. */
export const EXAMPLE_LEAD_INPUT = {
  full_name: 'James Wilson',
  email: 'james.wilson@example.com',
  phone: '+44 7911 123456',
  budget: '£1.2m',
  payment_method: 'cash',
  timeline: '28 days',
  purpose: 'primary residence',
  location: 'London SE1',
  bedrooms: 3,
  source: 'Rightmove',
};

export const LeadCreate = Type.Object(
  { full_name: Type.String({ minLength: 1, maxLength: 200 }), ...writable },
  {
    additionalProperties: false,
    $id: 'LeadCreate',
    description: 'A buyer enquiry: a name and an email or a phone number; every other field sharpens the score',
    examples: [EXAMPLE_LEAD_INPUT],
  },
);
export type LeadCreate = Static<typeof LeadCreate>;

export const LeadPatch = Type.Object(
  {
    full_name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    status: Type.Optional(LeadStatusSchema),
    ...writable,
  },
  {
    additionalProperties: false,
    minProperties: 1,
    $id: 'LeadPatch',
    description: 'The fields to change; a change to a scoring input re-scores the lead',
    examples: [{ status: 'Viewing Booked', notes: 'Viewing on Saturday at 11:00' }],
  },
);
export type LeadPatch = Static<typeof LeadPatch>;

const leadProperties = {
  id: Uuid(),
  full_name: Type.String(),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  budget: Nullable(Type.String()),
  payment_method: Nullable(Type.String()),
  timeline: Nullable(Type.String()),
  purpose: Nullable(Type.String()),
  location: Nullable(Type.String()),
  bedrooms: Nullable(Type.Integer()),
  source: Nullable(Type.String()),
  category: CategorySchema,
  development_id: Nullable(Uuid()),
  notes: Nullable(Type.String()),
  utm: Nullable(Type.Record(Type.String(), Type.String())),
  attributes: Nullable(Type.Record(Type.String(), Type.Unknown())),
  status: LeadStatusSchema,
  ...scoreProperties,
  scored_at: DateTime(),
  created_at: DateTime(),
  updated_at: DateTime(),
};

/** A lead in a list: `attributes` only when asked for (`expand=attributes`), to keep pages small. */
export const Lead = Type.Object({ ...leadProperties, attributes: Type.Optional(leadProperties.attributes) }, { $id: 'Lead' });
export const LeadWithBreakdown = Type.Object(
  { ...leadProperties, score_breakdown: StoredScoreBreakdown },
  { $id: 'LeadWithBreakdown' },
);

export const LeadListQuery = Type.Object(
  {
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    classification: Type.Optional(ClassificationSchema),
    status: Type.Optional(LeadStatusSchema),
    source: Type.Optional(Type.String({ maxLength: 100 })),
    category: Type.Optional(CategorySchema),
    development_id: Type.Optional(Uuid()),
    created_from: Type.Optional(TimeBound('Only leads created at or after this time', '2026-12-01')),
    created_to: Type.Optional(TimeBound('Only leads created at or before this time', '2026-12-31T23:59:59Z')),
    search: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    expand: Type.Optional(Type.Unsafe<'attributes'>({
      type: 'string',
      enum: ['attributes'],
      description: 'attributes: include each lead\'s custom fields, which lists leave out (up to 32 KiB a lead)',
    })),
  },
  { additionalProperties: false },
);
export type LeadListQuery = Static<typeof LeadListQuery>;

export const LeadPage = Type.Object({ data: Type.Array(Type.Ref('Lead')), meta: Type.Optional(PageMeta), pagination: Type.Optional(CursorMeta) });

export const ScoreHistoryEntry = Type.Object({
  id: Uuid(),
  quality_score: Type.Integer(),
  intent_score: Type.Integer(),
  confidence_score: Type.Integer(),
  classification: ClassificationSchema,
  scored_at: DateTime(),
  scored_by: Type.String(),
  engine_version: Type.String(),
});
export const ScoreHistory = Type.Object({ data: Type.Array(ScoreHistoryEntry), pagination: CursorMeta });

export const ScoreHistoryQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'Entries per page' })),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: 'The `pagination.nextCursor` of the previous page' })),
  },
  { additionalProperties: false },
);

export const SCORED_BY = ['api', 'batch', 'webhook', 'rescore', 'typeform', 'model'] as const;
export type ScoredBy = (typeof SCORED_BY)[number];
