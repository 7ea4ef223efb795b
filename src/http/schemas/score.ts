/** The fields of a score, as every response that carries one (leads, /score, inbound) shows them. */
import { Type } from 'typebox';
import {
  CLASSIFICATIONS, EMAIL_STATUSES, FEATURE_NAMES, LEAD_CATEGORIES, LEAD_STATUSES, PAYMENT_METHODS, PHONE_STATUSES,
  PURPOSES, RESPONSE_TIMES, SOURCE_KINDS, TIMELINE_BANDS,
} from '../../scoring/index.ts';
import { Enum, Nullable } from './common.ts';

const Probability = Type.Number({ minimum: 0, maximum: 1 });

export const ClassificationSchema = Enum(CLASSIFICATIONS);

export const scoreProperties = {
  quality_score: Type.Integer({ minimum: 0, maximum: 100 }),
  intent_score: Type.Integer({ minimum: 0, maximum: 100 }),
  confidence_score: Type.Integer({ minimum: 0, maximum: 100 }),
  classification: ClassificationSchema,
  call_priority: Type.Integer({ minimum: 1, maximum: 5 }),
  call_priority_reason: Type.String(),
  response_time: Enum(RESPONSE_TIMES),
  is_28_day_buyer: Type.Boolean(),
  is_fake_lead: Type.Boolean(),
  risk_flags: Type.Array(Type.String()),
  summary: Type.String({ description: 'one line a salesperson reads first, e.g. "Hot: cash buyer, no chain, ready within 28 days, budget fits 2-bed"' }),
  next_step: Type.String({ description: 'what the call must find out, or what would move the lead up' }),
  probabilities: Type.Object({ p_fin: Probability, p_show: Probability, p_sql: Probability }),
  engine_version: Type.String(),
};

const Factor = Type.Object({
  factor: Type.String(),
  points: Type.Number({ description: 'points this factor gave (one decimal)' }),
  max: Type.Number({ description: 'the most it can give' }),
  detail: Type.String({ description: 'why, in words a salesperson can read' }),
});

const ScorePart = Type.Object({
  score: Type.Integer({ minimum: 0, maximum: 100 }),
  factors: Type.Array(Factor),
  cap: Type.Optional(Type.Object({ at: Type.Integer(), reason: Type.String() }, { description: 'a ceiling applied after adding up (fake lead, Lost)' })),
});

/** field: its own field; notes: read from the message because the field was silent */
const ReadFrom = Nullable(Enum(['field', 'notes'] as const));

const PerTarget = Type.Object({ p_fin: Type.Number(), p_show: Type.Number(), p_sql: Type.Number() });

/**
 * The breakdown of a score made now, field by field (docs/scoring.md explains every factor).
 * Spelled out rather than left open so that clients generated from the OpenAPI document get its
 * types, and so that Fastify serialises it with generated code instead of a generic walk: this
 * object is most of a score's bytes. A test proves the schema keeps every field the engine writes.
 */
export const ScoreBreakdown = Type.Object(
  {
    engine_version: Type.String(),
    model_version: Type.String({ description: 'the probability model: the priors, or a company’s learned model' }),
    summary: Type.String(),
    next_step: Type.String(),
    classification: Type.Object({ value: ClassificationSchema, rule: Type.String({ description: 'the rule that decided, in words' }) }),
    held_back: Type.Array(Type.String(), { description: 'what kept the lead from a higher class, in words (what would move it up)' }),
    quality: ScorePart,
    intent: ScorePart,
    confidence: ScorePart,
    checks: Type.Object({
      is_fake_lead: Type.Boolean(),
      fake_reasons: Type.Array(Type.String()),
      data_mismatch: Type.Boolean({ description: 'the email names someone else: lowers confidence, not fake on its own' }),
      email_name_weak_mismatch: Type.Boolean(),
      low_urgency: Type.Boolean(),
      closed_status: Nullable(Enum(['Sold', 'Lost', 'Archived'] as const)),
      is_28_day_buyer: Type.Boolean(),
      twenty_eight_day: Type.String({ description: 'why the lead is, or is not, a 28-day buyer' }),
    }),
    parsed: Type.Object(
      {
        budget: Nullable(Type.Object({ min: Type.Number(), max: Type.Number(), mid: Type.Number(), assumed_thousands: Type.Boolean() })),
        budget_from: ReadFrom,
        budget_notes: Type.Object({
          rent_pcm: Nullable(Type.Number({ description: 'a rent figure per month: never read as a purchase budget' })),
          deposit: Type.Boolean({ description: 'a deposit was given, not the price' }),
          currency: Nullable(Type.String({ description: 'another currency a figure was given in (not read as pounds)' })),
          junk_value: Nullable(Type.Number({ description: 'a purchase figure no genuine buyer gives (under £10k or over £100m)' })),
        }),
        timeline: Nullable(Type.Object({
          days: Nullable(Type.Number()),
          days_max: Nullable(Type.Number()),
          browsing: Type.Boolean(),
          unparsed: Type.Boolean(),
          band: Enum(TIMELINE_BANDS),
        })),
        timeline_from: ReadFrom,
        payment: Nullable(Type.Object({ method: Enum(PAYMENT_METHODS), chain: Type.Boolean(), approval_pending: Type.Boolean() })),
        payment_from: ReadFrom,
        readiness: Enum(['proceedable', 'part_exchange', 'in_progress', 'chain', 'unknown'] as const),
        purpose: Nullable(Type.Object({ purpose: Enum(PURPOSES), first_time_buyer: Type.Boolean() })),
        bedrooms: Nullable(Type.Integer()),
        source: Enum(SOURCE_KINDS),
        status: Nullable(Enum(LEAD_STATUSES)),
        category: Enum(LEAD_CATEGORIES),
        viewing: Nullable(Enum(['booked', 'asked'] as const)),
        rental: Type.Boolean(),
        phone: Nullable(Type.Object({
          status: Enum(PHONE_STATUSES),
          e164: Nullable(Type.String()),
          country: Nullable(Type.String()),
          type: Nullable(Type.String()),
        })),
        email: Nullable(Type.Object({ status: Enum(EMAIL_STATUSES), domain: Type.String(), suggestion: Nullable(Type.String()) })),
        name: Type.Object({ words: Type.Integer(), full: Type.Boolean() }),
        development: Nullable(Type.Object({
          price_from: Nullable(Type.Number()),
          price_to: Nullable(Type.Number()),
          by_bedrooms: Type.Boolean(),
          bedrooms_not_offered: Type.Boolean(),
        })),
        unknown_essentials: Type.Array(Enum(['budget', 'payment', 'timeline'] as const)),
      },
      { description: 'what the engine read from each field (or from the notes when the field was silent); null when nothing' },
    ),
    probabilities: Type.Object({
      model: Enum(['prior', 'learned'] as const),
      model_version: Type.String(),
      p_fin: Probability,
      p_show: Probability,
      p_sql: Probability,
      logits: PerTarget,
      contributions: Type.Array(
        Type.Object({ feature: Enum(FEATURE_NAMES), p_fin: Type.Number(), p_show: Type.Number(), p_sql: Type.Number() }),
        { description: 'each active feature’s log-odds contribution to each probability' },
      ),
    }),
    risk_flags: Type.Array(Type.String()),
  },
  { description: 'Every factor’s contribution to each score, with the parsed values' },
);

/**
 * A breakdown read back from storage: the shape of the engine version that made it (its
 * `engine_version` says which), so it is passed through as stored rather than held to today's.
 */
export const StoredScoreBreakdown = Type.Record(Type.String(), Type.Unknown(), {
  description: 'As ScoreBreakdown, in the shape of the engine_version that made it',
});
