/**
 * One CSV record → a lead input (plus outcome and time), or the reasons it is refused. Pure.
 */
import { createHash } from 'node:crypto';
import type { LeadInput } from '../scoring/index.ts';
import { LEAD_CATEGORIES } from '../scoring/index.ts';
import type { ImportRowError } from '../db/schema/index.ts';
import { MAX_CELL_CHARS, parseOutcome, type ColumnRole, type CsvRecord, type Outcome } from './csv.ts';

export interface ImportedRow {
  lead: LeadInput & { development_id?: string | null };
  outcome: Outcome | null;
  /** when the lead came in, if the file says */
  createdAt: Date | null;
  /** same content → same key, so a re-run adds nothing twice */
  key: string;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,253}\.[^\s@]{1,63}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_ATTRIBUTES = 100;

/**
 * Reads a record under the header's roles. `history` rows need an outcome and no contact details;
 * live rows need a name and an email or phone.
 */
export function readRecord(rec: CsvRecord, headers: readonly string[], roles: readonly ColumnRole[], history: boolean): ImportedRow | ImportRowError[] {
  const errors: ImportRowError[] = [];
  const err = (field: string | null, reason: string) => errors.push({ line: rec.line, field, reason });
  if (rec.cells.length > headers.length && rec.cells.slice(headers.length).some((c) => c.trim() !== '')) {
    err(null, `has ${rec.cells.length} cells but the header has ${headers.length} columns`);
    return errors;
  }
  const fields: Record<string, string> = {};
  const attributes: Record<string, string> = {};
  let outcome: Outcome | null = null;
  let outcomeSeen = false;
  roles.forEach((role, i) => {
    const raw = rec.cells[i] ?? '';
    if (raw.length > MAX_CELL_CHARS) { err(headers[i]!, `is longer than ${MAX_CELL_CHARS} characters`); return; }
    const v = raw.trim();
    if (role.kind === 'field') { if (v !== '') fields[role.field] = v; }
    else if (role.kind === 'attribute') { if (v !== '') attributes[role.name] = v; }
    else if (role.kind === 'outcome') {
      outcomeSeen = true;
      const o = parseOutcome(v);
      if (o === undefined) err(headers[i]!, `"${v.slice(0, 40)}" is not an outcome (won/lost, yes/no, 1/0, converted, or a status such as Reserved)`);
      else outcome = o;
    }
  });
  if (Object.keys(attributes).length > MAX_ATTRIBUTES) err(null, `has more than ${MAX_ATTRIBUTES} custom columns`);
  const name = fields.full_name ?? [fields.first_name, fields.last_name].filter(Boolean).join(' ');
  if (history) {
    if (outcomeSeen && outcome === null && errors.length === 0) err(headerOf(roles, headers, 'outcome'), 'no outcome given: a history row is only useful with one');
  } else {
    if (name === '') err('full_name', 'is required');
    if (!fields.email && !fields.phone) err('email', 'is required unless phone is given');
  }
  if (fields.email && !EMAIL.test(fields.email)) err('email', 'is not an email address');
  let bedrooms: number | null = null;
  if (fields.bedrooms !== undefined) {
    bedrooms = Number(fields.bedrooms);
    if (!Number.isInteger(bedrooms) || bedrooms < 0 || bedrooms > 20) err('bedrooms', 'must be a whole number from 0 to 20');
  }
  let category: LeadInput['category'] = null;
  if (fields.category !== undefined) {
    const c = fields.category.toUpperCase().replace(/[\s-]+/g, '_');
    if ((LEAD_CATEGORIES as readonly string[]).includes(c)) category = c as LeadInput['category'];
    else err('category', `must be one of ${LEAD_CATEGORIES.join(', ')}`);
  }
  if (fields.development_id !== undefined && !UUID.test(fields.development_id)) err('development_id', 'is not an id');
  let createdAt: Date | null = null;
  if (fields.created_at !== undefined) {
    createdAt = parseDate(fields.created_at);
    if (createdAt === null) err('created_at', `"${fields.created_at.slice(0, 40)}" is not a date (use YYYY-MM-DD, DD/MM/YYYY or ISO 8601)`);
  }
  if (errors.length > 0) return errors;
  const lead: ImportedRow['lead'] = {
    full_name: name,
    email: fields.email ?? null,
    phone: fields.phone ?? null,
    budget: fields.budget ?? null,
    payment_method: fields.payment_method ?? null,
    timeline: fields.timeline ?? null,
    purpose: fields.purpose ?? null,
    location: fields.location ?? null,
    bedrooms,
    source: fields.source ?? null,
    category,
    notes: fields.notes ?? null,
    development_id: fields.development_id ?? null,
    attributes: Object.keys(attributes).length > 0 ? attributes : null,
  };
  const key = createHash('sha256').update(JSON.stringify(rec.cells.map((c) => c.trim()))).digest('base64url');
  return { lead, outcome, createdAt, key };
}

function headerOf(roles: readonly ColumnRole[], headers: readonly string[], kind: ColumnRole['kind']): string | null {
  const i = roles.findIndex((r) => r.kind === kind);
  return i < 0 ? null : headers[i]!;
}

/** ISO dates and times, or UK day-first dates (DD/MM/YYYY, with - or . too) as Excel writes them. */
export function parseDate(v: string): Date | null {
  const t = v.trim();
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(t);
  if (m) {
    const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d, Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)));
    return date.getUTCDate() === d && date.getUTCMonth() === mo - 1 ? date : null;
  }
  m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(t);
  if (!m) return null;
  const date = new Date(t.length === 10 ? `${t}T00:00:00Z` : t.replace(' ', 'T') + (m[7] === undefined ? 'Z' : ''));
  if (Number.isNaN(date.getTime())) return null;
  const y = date.getUTCFullYear();
  return y >= 1900 && y <= 9999 ? date : null;
}
