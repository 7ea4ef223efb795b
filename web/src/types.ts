/** The shapes the API answers with, as far as the dashboard reads them. */

export type Role = 'admin' | 'member' | 'viewer';

export interface User {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  company_id: string;
  company_name: string;
  must_change_password: boolean;
}

export interface Session {
  user: User;
  csrf_token: string;
}

export const STATUSES = ['Contact Pending', 'Contacted', 'Viewing Booked', 'Viewing Attended', 'Reserved', 'Exchanged', 'Sold', 'Lost', 'Archived'] as const;
export type LeadStatus = (typeof STATUSES)[number];
export const CLASSIFICATIONS = ['Hot Lead', 'Qualified', 'Needs Qualification', 'Nurture', 'Low Priority', 'Disqualified'] as const;

export interface Lead {
  id: string;
  full_name: string;
  email: string | null;
  phone: string | null;
  budget: string | null;
  payment_method: string | null;
  timeline: string | null;
  purpose: string | null;
  location: string | null;
  bedrooms: number | null;
  source: string | null;
  category: string;
  development_id: string | null;
  notes: string | null;
  status: LeadStatus;
  classification: string;
  quality_score: number;
  intent_score: number;
  confidence_score: number;
  call_priority: number;
  call_priority_reason: string;
  response_time: string;
  is_28_day_buyer: boolean;
  is_fake_lead: boolean;
  risk_flags: string[];
  probabilities: { p_fin: number; p_show: number; p_sql: number };
  summary?: string | null;
  next_step?: string | null;
  created_at: string;
  updated_at: string;
  scored_at: string;
  score_breakdown?: Breakdown;
}

export interface Factor {
  factor: string;
  points: number;
  max: number;
  detail: string;
}

export interface Breakdown {
  classification?: { value: string; rule: string };
  quality?: { score: number; factors: Factor[]; cap?: { at: number; reason: string } };
  intent?: { score: number; factors: Factor[]; cap?: { at: number; reason: string } };
  confidence?: { score: number; factors: Factor[]; cap?: { at: number; reason: string } };
  checks?: { fake_reasons?: string[]; twenty_eight_day?: string };
  summary?: string;
  next_step?: string;
}

export interface ScoreEntry {
  id: string;
  quality_score: number;
  intent_score: number;
  confidence_score: number;
  classification: string;
  scored_at: string;
  scored_by: string;
}

export interface Stats {
  total_leads: number;
  by_classification: Record<string, number>;
  by_status: Record<string, number>;
  avg_quality_score: number | null;
  avg_intent_score: number | null;
  leads_last_7d: number;
  leads_last_30d: number;
  trend: { date: string; leads: number; by_classification: Record<string, number> }[];
}

export interface UnitMixRow {
  count: number;
  price_from?: number;
  price_to?: number;
}

export interface Development {
  id: string;
  name: string;
  location: string | null;
  status: string;
  total_units: number | null;
  price_from: number | null;
  price_to: number | null;
  unit_mix: Record<string, UnitMixRow> | null;
  created_at: string;
  lead_stats?: { total_leads: number; by_classification: Record<string, number>; avg_quality_score: number | null; avg_intent_score: number | null };
}

export interface Webhook {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  status: string;
  disabled_reason: string | null;
  created_at: string;
  secret?: string;
}

export interface Delivery {
  id: string;
  event_type: string;
  attempt: number;
  status: string;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
  response_snippet: string | null;
  attempted_at: string;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  permissions: string[];
  rate_limit_per_minute?: number | null;
  last_used_at: string | null;
  created_at: string;
  revoked_at?: string | null;
  key?: string;
}

export interface TeamMember {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  created_at: string;
  must_change_password: boolean;
}
