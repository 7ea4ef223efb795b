/**
 * The wire contract of the two scoring providers (docs/providers.md): what we POST and what a
 * provider must answer. One TypeBox declaration validates the answers and documents them.
 */
import { Type, type Static } from 'typebox';
import { Enum } from '../../http/schemas/common.ts';

const Probability = Type.Number({ minimum: 0, maximum: 1 });
const Text = Type.Union([Type.String(), Type.Null()]);

export const ProviderLead = Type.Object({
  first_name: Text,
  last_name: Text,
  email: Text,
  phone: Text,
  budget: Text,
  payment_method: Text,
  timeline: Text,
  purpose: Text,
  bedrooms: Type.Union([Type.Integer(), Type.Null()]),
  location: Text,
  state_residence: Text,
});
export type ProviderLead = Static<typeof ProviderLead>;

/** POST {PREFI_API_URL} */
export const PreFiRequest = Type.Object({
  client_id: Type.String({ format: 'uuid' }),
  submitted_at: Text,
  lead: ProviderLead,
});
export type PreFiRequest = Static<typeof PreFiRequest>;

export const SAL_RATINGS = ['Exceptional', 'Great', 'Good', 'Poor', 'Unknown'] as const;
export type SalRating = (typeof SAL_RATINGS)[number];

export const PreFiResponse = Type.Object({
  sal: Type.Union([Type.Literal('Yes'), Type.Literal('No')]),
  sal_rating: Enum(SAL_RATINGS),
  p_finq_ai: Probability,
});
export type PreFiResponse = Static<typeof PreFiResponse>;

/** POST {FORM_AI_API_URL} */
export const FormAiRequest = Type.Object({
  client_id: Type.String({ format: 'uuid' }),
  submitted_at: Text,
  lead: ProviderLead,
  answers: Type.Array(Type.Object({
    ref: Text,
    title: Text,
    type: Text,
    value: Type.Unknown(),
  })),
  utm: Type.Record(Type.String(), Type.String()),
});
export type FormAiRequest = Static<typeof FormAiRequest>;

export const FormAiResponse = Type.Object({
  p_show_ai: Probability,
  p_close_ai: Probability,
  p_intent_ai: Probability,
});
export type FormAiResponse = Static<typeof FormAiResponse>;
