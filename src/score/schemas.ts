/** Wire contract of POST /score and /score/batch: a lead to score, and the engine's answer. */
import { Type } from 'typebox';
import { Uuid } from '../http/schemas/common.ts';
import { ScoreBreakdown, scoreProperties } from '../http/schemas/score.ts';
import { EXAMPLE_LEAD_INPUT, LeadCreate, LeadStatusSchema } from '../leads/schemas.ts';

export const MAX_BATCH = 50;

/** The lead fields, plus status (it moves intent); no $id, as it is nested in other bodies. */
export const LeadToScore = Type.Object(
  { ...LeadCreate.properties, status: Type.Optional(LeadStatusSchema) },
  { additionalProperties: false },
);

export const ScoreRequest = Type.Object(
  {
    lead: Type.Optional(LeadToScore),
    buyer_id: Type.Optional(Uuid({ description: 'Re-score a stored lead instead; records history' })),
  },
  {
    additionalProperties: false,
    $id: 'ScoreRequest',
    description: 'Either `lead` (scored, not stored) or `buyer_id`',
    // Exactly one of the two: what the service refuses, the schema refuses.
    oneOf: [{ required: ['lead'] }, { required: ['buyer_id'] }],
    examples: [{ lead: EXAMPLE_LEAD_INPUT }],
  },
);

export const BatchScoreRequest = Type.Object(
  {
    leads: Type.Optional(Type.Array(Type.Unknown({ description: 'A lead as in ScoreRequest.lead' }), { minItems: 1, maxItems: MAX_BATCH })),
    buyer_ids: Type.Optional(Type.Array(Type.String(), { minItems: 1, maxItems: MAX_BATCH })),
  },
  {
    additionalProperties: false,
    $id: 'BatchScoreRequest',
    description: `Either \`leads\` or \`buyer_ids\`, 1 to ${MAX_BATCH}. Each lead is checked alone: a bad one fails in its own result.`,
    oneOf: [{ required: ['leads'] }, { required: ['buyer_ids'] }],
    examples: [{ leads: [EXAMPLE_LEAD_INPUT, { full_name: 'Amy Patel', email: 'amy.patel@example.com', budget: '350000', payment_method: 'mortgage', timeline: '6 months' }] }],
  },
);


export const scoreResultProperties = {
  buyer_id: Type.Optional(Uuid()),
  ...scoreProperties,
  score_breakdown: ScoreBreakdown,
};

export const ScoreResponse = Type.Object(scoreResultProperties, { $id: 'ScoreResult' });

const ItemError = Type.Object({
  code: Type.String(),
  message: Type.String(),
  details: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
});

export const BatchScoreResponse = Type.Object(
  {
    total: Type.Integer(),
    scored: Type.Integer(),
    failed: Type.Integer(),
    results: Type.Array(
      Type.Object({
        index: Type.Integer(),
        ...Object.fromEntries(Object.entries(scoreResultProperties).map(([k, v]) => [k, Type.Optional(v)])),
        error: Type.Optional(ItemError),
      }),
    ),
  },
  { $id: 'BatchScoreResult' },
);
