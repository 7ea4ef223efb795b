/** The wire contract of GET /stats and of a development's lead_stats. */
import { Type, type Static } from 'typebox';
import { DateTime, Nullable, TimeBound, Uuid } from '../http/schemas/common.ts';

const Counts = (description: string) => Type.Record(Type.String(), Type.Integer({ minimum: 0 }), { description });
const Average = (description: string) => Nullable(Type.Number({ minimum: 0, maximum: 100, description }));

export const leadStatsProperties = {
  total_leads: Type.Integer({ minimum: 0, description: 'Leads that are not archived' }),
  by_classification: Counts('Every classification, with 0 where there are none'),
  by_status: Counts('Every status but Archived, with 0 where there are none'),
  avg_quality_score: Average('Mean quality score to one decimal; null when there are no leads'),
  avg_intent_score: Average('Mean intent score to one decimal; null when there are no leads'),
};

export const LeadStats = Type.Object(leadStatsProperties, { $id: 'LeadStats' });
export type LeadStats = Static<typeof LeadStats>;

export const TrendDay = Type.Object({
  date: Type.String({ format: 'date', description: 'UTC calendar day' }),
  leads: Type.Integer({ minimum: 0 }),
  by_classification: Counts('Leads created that day by current classification'),
});

export const Stats = Type.Object(
  {
    ...leadStatsProperties,
    leads_last_7d: Type.Integer({ minimum: 0, description: 'Created in the last 7 UTC days, today included' }),
    leads_last_30d: Type.Integer({ minimum: 0, description: 'Created in the last 30 UTC days, today included' }),
    trend: Type.Array(TrendDay, { description: 'The last 30 UTC days, oldest first, today last' }),
  },
  { $id: 'Stats' },
);

export const StatsQuery = Type.Object(
  {
    development_id: Type.Optional(Uuid({ description: 'Only leads of this development' })),
    from: Type.Optional(TimeBound('Only leads created at or after this time', '2026-12-01')),
    to: Type.Optional(TimeBound('Only leads created at or before this time', '2026-12-31')),
  },
  { additionalProperties: false },
);
export type StatsQuery = Static<typeof StatsQuery>;
