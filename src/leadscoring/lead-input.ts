/**
 * A mapped Typeform submission as the lead it becomes, held to the same schema as POST /leads:
 * a submission can store nothing a client of the API could not (no 300,000-character name, no
 * 3,000 attribute keys). Pure.
 */
import { compileItemValidator } from '../http/validation.ts';
import { LeadCreate } from '../leads/schemas.ts';
import { parseBedrooms } from '../scoring/bedrooms.ts';
import type { ErrorDetail } from '../errors.ts';
import type { MappedSubmission } from './answers.ts';
import type { FormResponse } from './typeform.ts';

const leadProblems = compileItemValidator(LeadCreate);

export function toLeadInput(m: MappedSubmission, response: FormResponse, delivery: Record<string, unknown>): LeadCreate {
  const f = m.fields;
  const attributes: Record<string, unknown> = { ...m.extra };
  const keep = { consent_date: f.consent_date, consent_ip: f.consent_ip, state_residence: f.state_residence, ...m.tracking };
  for (const [k, v] of Object.entries(keep)) if (v) attributes[k] = v;
  if (response.form_id) attributes.typeform_form_id = response.form_id;
  if (response.token) attributes.typeform_token = response.token;
  if (typeof delivery.event_id === 'string') attributes.typeform_event_id = delivery.event_id;
  return {
    full_name: f.full_name ?? [f.first_name, f.last_name].filter(Boolean).join(' '),
    email: f.email ?? null,
    phone: f.phone ?? null,
    budget: f.budget ?? null,
    payment_method: f.payment_method ?? null,
    timeline: f.timeline ?? null,
    purpose: f.purpose ?? null,
    location: f.location ?? null,
    // The engine's own parser, so the stored bedrooms and the score read the answer the same way.
    bedrooms: parseBedrooms(f.bedrooms),
    notes: f.notes ?? null,
    source: 'Typeform',
    utm: Object.keys(m.utm).length > 0 ? m.utm : null,
    attributes,
  };
}

/** What POST /leads would refuse in this lead, in the same words (null when it would accept it). */
export function typeformLeadProblems(input: LeadCreate): ErrorDetail[] | null {
  return leadProblems(input);
}
