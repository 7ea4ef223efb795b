/** Between the database row, the scoring engine's input and the wire format. */
import type { leads } from '../db/schema/index.ts';
import type { LeadInput, ScoreResult } from '../scoring/index.ts';

export type LeadRow = typeof leads.$inferSelect;
/** A lead row with or without its breakdown and attributes (lists read neither unless asked). */
export type LeadColumns = Omit<LeadRow, 'scoreBreakdown' | 'attributes'> & { attributes?: LeadRow['attributes'] };

export function toScoringInput(row: LeadColumns): LeadInput {
  return {
    full_name: row.fullName,
    email: row.email,
    phone: row.phone,
    budget: row.budget,
    payment_method: row.paymentMethod,
    timeline: row.timeline,
    purpose: row.purpose,
    location: row.location,
    bedrooms: row.bedrooms,
    source: row.source,
    category: row.category as LeadInput['category'],
    status: row.status as LeadInput['status'],
    notes: row.notes,
    utm: row.utm,
    attributes: row.attributes,
  };
}

/** The columns a score result writes onto a lead. */
export function scoreColumns(score: ScoreResult, scoredAt: Date) {
  return {
    classification: score.classification,
    qualityScore: score.quality_score,
    intentScore: score.intent_score,
    confidenceScore: score.confidence_score,
    callPriority: score.call_priority,
    callPriorityReason: score.call_priority_reason,
    responseTime: score.response_time,
    is28DayBuyer: score.is_28_day_buyer,
    isFakeLead: score.is_fake_lead,
    riskFlags: score.risk_flags,
    summary: score.summary,
    nextStep: score.next_step,
    pFin: score.probabilities.p_fin,
    pShow: score.probabilities.p_show,
    pSql: score.probabilities.p_sql,
    scoreBreakdown: score.score_breakdown,
    engineVersion: score.engine_version,
    scoredAt,
  };
}

/** The lead without its breakdown; lists read rows without that column. */
export function toLeadResponse(row: LeadColumns) {
  return {
    id: row.id,
    ...toScoringInput(row),
    development_id: row.developmentId,
    ...scoreSummary(row),
    probabilities: { p_fin: row.pFin, p_show: row.pShow, p_sql: row.pSql },
    engine_version: row.engineVersion,
    scored_at: row.scoredAt,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

export function toLeadWithBreakdown(row: LeadRow) {
  return { ...toLeadResponse(row), score_breakdown: row.scoreBreakdown };
}

/** The summary of a score sent in events and inbound-webhook answers. */
export function scoreSummary(row: LeadColumns) {
  return {
    quality_score: row.qualityScore,
    intent_score: row.intentScore,
    confidence_score: row.confidenceScore,
    classification: row.classification,
    call_priority: row.callPriority,
    call_priority_reason: row.callPriorityReason,
    response_time: row.responseTime,
    is_28_day_buyer: row.is28DayBuyer,
    is_fake_lead: row.isFakeLead,
    risk_flags: row.riskFlags,
    summary: row.summary,
    next_step: row.nextStep,
  };
}
