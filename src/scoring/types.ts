/**
 * The scoring contract: what the pure engine takes and what it returns.
 * Callers (leads, score endpoints, inbound webhooks, Typeform jobs) depend only on this file
 * and on `scoreLead` from `./index.ts`.
 */
import type { CompiledModel } from './model/compiled.ts';

export const CLASSIFICATIONS = [
  'Hot Lead',
  'Qualified',
  'Needs Qualification',
  'Nurture',
  'Low Priority',
  'Disqualified',
] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export const LEAD_STATUSES = [
  'Contact Pending',
  'Contacted',
  'Viewing Booked',
  'Viewing Attended',
  'Reserved',
  'Exchanged',
  'Sold',
  'Lost',
  'Archived',
] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export const LEAD_CATEGORIES = ['BUYER', 'AGENCY', 'PROPERTY_SEARCH'] as const;
export type LeadCategory = (typeof LEAD_CATEGORIES)[number];

export const RESPONSE_TIMES = [
  'Within 1 hour',
  'Within 4 hours',
  'Within 24 hours',
  'Within 48 hours',
  'Within 1 week',
] as const;
export type ResponseTime = (typeof RESPONSE_TIMES)[number];

/** The lead fields scoring reads. Free text is parsed by the engine, never by callers. */
export interface LeadInput {
  full_name: string;
  email?: string | null;
  phone?: string | null;
  budget?: string | null;
  payment_method?: string | null;
  timeline?: string | null;
  purpose?: string | null;
  location?: string | null;
  bedrooms?: number | null;
  source?: string | null;
  category?: LeadCategory | null;
  status?: LeadStatus | null;
  notes?: string | null;
  utm?: Record<string, string> | null;
  attributes?: Record<string, unknown> | null;
}

/** What scoring needs to know about the development a lead enquired about. */
export interface DevelopmentPricing {
  price_from?: number | null;
  price_to?: number | null;
  location?: string | null;
  /** bedrooms (as a string key, "0" = studio) → units and price range */
  unit_mix?: Record<string, { count?: number; price_from?: number; price_to?: number }> | null;
}

export interface ScoreContext {
  development?: DevelopmentPricing | null;
  /**
   * Probability model to use (a company's learned coefficients, compiled once with `compileModel`).
   * Absent: the documented priors. Its `model_version` is recorded in `score_breakdown.model_version`.
   */
  model?: CompiledModel | null;
}

export interface Probabilities {
  p_fin: number;
  p_show: number;
  p_sql: number;
}

export interface ScoreResult {
  quality_score: number;
  intent_score: number;
  confidence_score: number;
  classification: Classification;
  call_priority: 1 | 2 | 3 | 4 | 5;
  call_priority_reason: string;
  response_time: ResponseTime;
  is_28_day_buyer: boolean;
  is_fake_lead: boolean;
  risk_flags: string[];
  probabilities: Probabilities;
  /** Every factor's contribution to each score, with parsed values: JSON-serialisable. */
  score_breakdown: Record<string, unknown>;
  /** Recorded with every stored score so a score can be traced to the code that made it. */
  engine_version: string;
}
