/** The fields of a score, as every response that carries one (leads, /score, inbound) shows them. */
import { Type } from 'typebox';
import { CLASSIFICATIONS, RESPONSE_TIMES } from '../../scoring/index.ts';
import { Enum } from './common.ts';

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
  probabilities: Type.Object({ p_fin: Probability, p_show: Probability, p_sql: Probability }),
  engine_version: Type.String(),
};

/** Every factor's contribution to each score, with the parsed values. */
export const ScoreBreakdown = Type.Record(Type.String(), Type.Unknown());
