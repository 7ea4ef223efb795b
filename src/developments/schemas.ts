/** The development's wire contract: validation, types, serialisation and OpenAPI. */
import { Type, type Static } from 'typebox';
import { DateTime, Nullable, Uuid } from '../http/schemas/common.ts';

export const DEVELOPMENT_STATUSES = ['Planning', 'Launching', 'Active', 'Sold Out', 'Completed'] as const;
export type DevelopmentStatus = (typeof DEVELOPMENT_STATUSES)[number];

const StatusSchema = Type.Unsafe<DevelopmentStatus>({ type: 'string', enum: [...DEVELOPMENT_STATUSES] });
// Whole pounds; the column is a 32-bit integer.
const Price = (description: string) => Type.Integer({ minimum: 0, maximum: 2_000_000_000, description });

const UnitMixRow = Type.Object(
  {
    count: Type.Integer({ minimum: 0, maximum: 100_000, description: 'Units of this type' }),
    price_from: Type.Optional(Price('Cheapest unit of this type, £')),
    price_to: Type.Optional(Price('Dearest unit of this type, £')),
  },
  { additionalProperties: false },
);

/** Bedrooms ("0" = studio) → units and price range; scoring prices a lead by its bedrooms. */
const UnitMix = Type.Record(Type.String({ pattern: '^(0|[1-9][0-9]?)$' }), UnitMixRow, {
  additionalProperties: false,
  maxProperties: 20,
  description: 'Bedrooms ("0" = studio, "1", "2", …) → {count, price_from, price_to}',
});

const writable = {
  location: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  status: Type.Optional(StatusSchema),
  total_units: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 1_000_000 }))),
  price_from: Type.Optional(Nullable(Price('Cheapest unit, £'))),
  price_to: Type.Optional(Nullable(Price('Dearest unit, £'))),
  unit_mix: Type.Optional(Nullable(UnitMix)),
};

const Name = Type.String({ minLength: 1, maxLength: 200 });

export const DevelopmentCreate = Type.Object(
  { name: Name, ...writable },
  {
    additionalProperties: false,
    examples: [
      {
        name: 'Riverside Quarter',
        location: 'London SE1',
        status: 'Active',
        total_units: 120,
        price_from: 385000,
        price_to: 1250000,
        unit_mix: { '1': { count: 40, price_from: 385000, price_to: 495000 }, '2': { count: 50, price_from: 525000, price_to: 760000 } },
      },
    ],
  },
);
export type DevelopmentCreate = Static<typeof DevelopmentCreate>;

export const DevelopmentPatch = Type.Object(
  { name: Type.Optional(Name), ...writable },
  { additionalProperties: false, minProperties: 1, examples: [{ status: 'Launching', price_from: 395000 }] },
);
export type DevelopmentPatch = Static<typeof DevelopmentPatch>;

const developmentProperties = {
  id: Uuid(),
  name: Type.String(),
  location: Nullable(Type.String()),
  status: StatusSchema,
  total_units: Nullable(Type.Integer()),
  price_from: Nullable(Type.Integer()),
  price_to: Nullable(Type.Integer()),
  unit_mix: Nullable(Type.Record(Type.String(), UnitMixRow)),
  archived_at: Nullable(DateTime({ description: 'When it was archived; null while it is live' })),
  created_at: DateTime(),
  updated_at: DateTime(),
};

export const Development = Type.Object(developmentProperties, { $id: 'Development' });
export const DevelopmentWithStats = Type.Object(
  { ...developmentProperties, lead_stats: Type.Ref('LeadStats') },
  { $id: 'DevelopmentWithStats' },
);
export const DevelopmentList = Type.Object({ data: Type.Array(Type.Ref('Development')) });

export const DevelopmentListQuery = Type.Object(
  { include_archived: Type.Optional(Type.Boolean({ default: false, description: 'Also list archived developments' })) },
  { additionalProperties: false },
);
