/** The lead's wire contract: one declaration drives validation, types, serialisation and OpenAPI. */
import { Type, type Static } from 'typebox';
import { LEAD_CATEGORIES, LEAD_STATUSES } from '../scoring/index.ts';
import { CursorMeta, DateTime, Enum, Nullable, PageMeta, Uuid } from '../http/schemas/common.ts';
import { ClassificationSchema, StoredScoreBreakdown, scoreProperties } from '../http/schemas/score.ts';

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
  utm: Type.Optional(Nullable(Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 500 }), { maxProperties: 20 }))),
  attributes: Type.Optional(Nullable(
    Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), {
      maxProperties: 100,
      description: 'Custom fields, e.g. form answers',
    }),
  )),
};

export const LeadCreate = Type.Object(
  { full_name: Type.String({ minLength: 1, maxLength: 200 }), ...writable },
  { additionalProperties: false, $id: 'LeadCreate' },
);
export type LeadCreate = Static<typeof LeadCreate>;

export const LeadPatch = Type.Object(
  {
    full_name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    status: Type.Optional(LeadStatusSchema),
    ...writable,
  },
  { additionalProperties: false, minProperties: 1, $id: 'LeadPatch' },
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

export const Lead = Type.Object(leadProperties, { $id: 'Lead' });
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
    created_from: Type.Optional(DateTime()),
    created_to: Type.Optional(DateTime()),
    search: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
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
export const ScoreHistory = Type.Object({ data: Type.Array(ScoreHistoryEntry) });

export const SCORED_BY = ['api', 'batch', 'webhook', 'rescore', 'typeform', 'import', 'model'] as const;
export type ScoredBy = (typeof SCORED_BY)[number];
