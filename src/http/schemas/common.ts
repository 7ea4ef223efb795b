/** Schemas shared by every v1 resource: ids, timestamps, the error body, pagination envelopes. */
import { Type, type Static, type TSchema } from 'typebox';

/** A string enum with its literal union as the static type. */
export const Enum = <T extends readonly string[]>(values: T, options: { description?: string } = {}) =>
  Type.Unsafe<T[number]>({ ...options, type: 'string', enum: [...values] });

/**
 * The schema, or null. A schema with one plain `type` becomes `type: [type, "null"]`: the same
 * meaning as `anyOf`, but Fastify's serializer writes it with a null check, where `anyOf` makes it
 * run a validator for every value to pick a branch. Anything else stays an `anyOf`.
 */
export function Nullable<T extends TSchema>(schema: T) {
  const { type, enum: values } = schema as { type?: unknown; enum?: unknown[] };
  if (typeof type !== 'string' || type === 'null') return Type.Union([schema, Type.Null()]);
  // An enum lists every allowed value, so null must join it or the schema would still refuse null.
  return Type.Unsafe<Static<T> | null>({ ...schema, type: [type, 'null'], ...(values ? { enum: [...values, null] } : {}) });
}
export const Uuid = (options: { description?: string } = {}) => Type.String({ format: 'uuid', ...options });
/** Serialised as an ISO 8601 string; handlers may return Date objects (the serializer converts them). */
export const DateTime = (options: { description?: string } = {}) =>
  Type.Unsafe<Date | string>({ type: 'string', format: 'date-time', ...options });

export const IdParams = Type.Object({ id: Uuid() }, { additionalProperties: false });

export const ErrorResponse = Type.Object(
  {
    error: Type.Object(
      {
        code: Type.String(),
        message: Type.String(),
        details: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
      },
      { additionalProperties: true },
    ),
  },
  { $id: 'Error', description: 'Every v1 error, the 429 included' },
);

export const MessageResponse = Type.Object({ message: Type.String() });

export const PageMeta = Type.Object({
  page: Type.Integer(),
  per_page: Type.Integer(),
  total: Type.Integer(),
  total_pages: Type.Integer(),
});

export const CursorMeta = Type.Object({
  nextCursor: Nullable(Type.String()),
  hasMore: Type.Boolean(),
});

/** The error responses a route can give, referenced by name in the OpenAPI document. */
export function errorResponses(...statuses: number[]) {
  const out: Record<number, unknown> = {};
  for (const s of statuses) out[s] = Type.Ref('Error');
  return out;
}
