/**
 * From a Typeform submission to lead fields (pure). A client's own field mapping (Typeform ref or
 * id → lead field) wins; otherwise the answer's type (email, phone_number, legal) and then words in
 * its ref, title or id decide. Answers beat hidden fields: hidden fields are prefilled by whoever
 * built the form link, the answers are what the buyer typed.
 */
import { hiddenFields, resolveAnswers, type AnswerValue, type FormResponse, type ResolvedAnswer } from './typeform.ts';

export const LEAD_FIELDS = [
  'first_name', 'last_name', 'full_name', 'email', 'phone', 'consent', 'consent_date', 'consent_ip',
  'budget', 'payment_method', 'timeline', 'purpose', 'bedrooms', 'location', 'state_residence', 'notes',
] as const;
export type LeadField = (typeof LEAD_FIELDS)[number];

/** Seed 001's required data, named as the 400 names them. */
export const REQUIRED_FIELDS = ['first_name', 'last_name', 'email', 'phone', 'consent_date', 'consent_ip'] as const;
export type RequiredField = (typeof REQUIRED_FIELDS)[number];

/** What a rule needs of a pattern; a RegExp is one. */
interface WordTest {
  test(words: string): boolean;
}

/**
 * "`first` and, somewhere after it, `then`" in linear time. The regex `first.*then` retries the
 * `.*` from every occurrence of `first`, which is quadratic: a title made of 250 KB of "where"
 * once blocked the event loop for seconds.
 */
const followedBy = (first: RegExp, then: RegExp): WordTest => ({
  test(words) {
    const at = words.search(first);
    return at >= 0 && then.test(words.slice(at));
  },
});

const anyOf = (...tests: WordTest[]): WordTest => ({ test: (words) => tests.some((t) => t.test(words)) });

/**
 * Words that identify a question, tried in order (the specific before the general: "first name"
 * before "name", "consent date" before "consent", "where do you live" before "where").
 */
const RULES: [LeadField, WordTest][] = [
  ['consent_date', /\bconsent (date|time|timestamp)\b|\bconsented at\b/],
  ['consent_ip', /\b(consent )?ip( address)?\b/],
  ['first_name', /\b(first|given|fore) ?name\b|\bforename\b/],
  ['last_name', /\b(last|family|sur) ?name\b/],
  ['full_name', /\b(full name|your name|name)\b/],
  ['email', /\be ?mail\b/],
  ['phone', /\b(phone|mobile|telephone|tel)\b|\bphone ?number\b/],
  ['consent', /\b(consent|gdpr|privacy|agree|terms|opt in|marketing)\b/],
  ['budget', /\b(budget|price range|spend|afford|max(imum)? price)\b/],
  ['payment_method', /\b(payment|pay|funding|fund|finance|financing|mortgage|cash|buying position)\b/],
  ['timeline', /\b(timeline|timescale|timeframe|time frame|when|how soon|move in|moving)\b/],
  ['purpose', /\b(purpose|reason|invest|investment|investor|buy to let|btl|live in|owner occupier)\b/],
  ['bedrooms', /\b(bed|beds|bedroom|bedrooms)\b/],
  ['state_residence', /\b(state|county|residence|reside|currently live|where do you live)\b/],
  ['location', anyOf(/\b(location|area|postcode|city|town|region)\b/, followedBy(/\bwhere\b/, /\b(buy|looking|move|property)\b/))],
  ['notes', /\b(notes|comments?|anything else|message)\b/],
];

const HIDDEN_ALIASES: Record<string, LeadField> = {
  first_name: 'first_name', firstname: 'first_name', last_name: 'last_name', lastname: 'last_name',
  full_name: 'full_name', name: 'full_name', email: 'email', phone: 'phone', phone_number: 'phone',
  consent_date: 'consent_date', consent_ip: 'consent_ip', state_residence: 'state_residence', state: 'state_residence',
  budget: 'budget', payment_method: 'payment_method', timeline: 'timeline', purpose: 'purpose',
  bedrooms: 'bedrooms', location: 'location',
};

const UTM_KEYS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term'];
const TRACKING_KEYS = ['fbc', 'fbp', 'event_id', 'user_agent', 'client_user_agent'];

export interface MappedSubmission {
  fields: Partial<Record<Exclude<LeadField, 'consent'>, string>>;
  /** The buyer's answer to a consent / legal question, when the form asks one. */
  consent: boolean | null;
  /** Answers that map to no lead field, by a readable key: kept on the lead as attributes. */
  extra: Record<string, AnswerValue>;
  utm: Record<string, string>;
  tracking: { fbc?: string; fbp?: string; event_id?: string; client_user_agent?: string };
  missing: RequiredField[];
}

export function mapSubmission(response: FormResponse, fieldMapping: Record<string, string> = {}): MappedSubmission {
  const fields: MappedSubmission['fields'] = {};
  const extra: Record<string, AnswerValue> = {};
  let consent: boolean | null = null;

  for (const answer of resolveAnswers(response)) {
    if (answer.value === null) continue;
    const target = fieldFor(answer, fieldMapping, fields);
    if (target === 'consent') {
      if (typeof answer.value === 'boolean' && consent === null) consent = answer.value;
      else extra[answerKey(answer)] = answer.value;
    } else if (target && fields[target] === undefined && asText(answer.value) !== undefined) {
      fields[target] = asText(answer.value);
    } else {
      extra[answerKey(answer)] = answer.value;
    }
  }

  const hidden = hiddenFields(response);
  for (const [key, value] of Object.entries(hidden)) {
    const target = HIDDEN_ALIASES[key.toLowerCase()];
    if (target && target !== 'consent' && fields[target] === undefined) fields[target] = value;
  }
  completeNames(fields);
  if (fields.email !== undefined && !looksLikeEmail(fields.email)) delete fields.email;
  // A consent question answered "no" means there is no consent to date; with none asked, the
  // submission itself is the moment the buyer gave the details (and their IP) to the developer.
  if (fields.consent_date === undefined && consent !== false && response.submitted_at) fields.consent_date = response.submitted_at;
  if (consent === false) delete fields.consent_date;

  const utm: Record<string, string> = {};
  for (const k of UTM_KEYS) if (hidden[k]) utm[k] = hidden[k];
  const tracking: MappedSubmission['tracking'] = {};
  for (const k of TRACKING_KEYS) {
    if (!hidden[k]) continue;
    if (k === 'user_agent' || k === 'client_user_agent') tracking.client_user_agent = hidden[k];
    else tracking[k as 'fbc' | 'fbp' | 'event_id'] = hidden[k];
  }
  const missing = REQUIRED_FIELDS.filter((f) => !fields[f]);
  return { fields, consent, extra, utm, tracking, missing };
}

function fieldFor(answer: ResolvedAnswer, mapping: Record<string, string>, taken: MappedSubmission['fields']): LeadField | undefined {
  for (const key of [answer.ref, answer.id]) {
    const mapped = key !== undefined ? mapping[key] : undefined;
    if (mapped && (LEAD_FIELDS as readonly string[]).includes(mapped)) return mapped as LeadField;
  }
  if (answer.answerType === 'email') return 'email';
  if (answer.answerType === 'phone_number') return 'phone';
  if (answer.fieldType === 'legal') return 'consent';
  for (const text of [answer.ref, answer.title, answer.id]) {
    if (!text) continue;
    const words = text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
    for (const [field, pattern] of RULES) {
      if (field === 'consent' && answer.answerType !== 'boolean') continue;
      if (pattern.test(words) && (field === 'consent' || taken[field as keyof typeof taken] === undefined)) return field;
    }
  }
  return undefined;
}

/** local@domain.tld with no spaces; the lead schema checks the address properly later. */
function looksLikeEmail(text: string): boolean {
  // One unambiguous split instead of /^[^\s@]+@[^\s@]+\.[^\s@]+$/, which backtracks quadratically
  // over a domain of many dots.
  const at = text.indexOf('@');
  const domain = text.slice(at + 1);
  // A dot with something either side of it in the domain.
  return at > 0 && !/[\s@]/.test(text.slice(0, at)) && !/[\s@]/.test(domain) && domain.lastIndexOf('.', domain.length - 2) >= 1;
}

/** "John Doe" fills a missing first and last name; first and last make a missing full name. */
function completeNames(fields: MappedSubmission['fields']) {
  const full = fields.full_name?.trim();
  if (full && (!fields.first_name || !fields.last_name)) {
    const [first, ...rest] = full.split(/\s+/);
    fields.first_name ??= first;
    if (rest.length > 0) fields.last_name ??= rest.join(' ');
  }
  if (!fields.full_name) {
    const joined = [fields.first_name, fields.last_name].filter(Boolean).join(' ').trim();
    if (joined) fields.full_name = joined;
  }
}

function asText(value: AnswerValue): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.join(', ') || undefined;
  return undefined;
}

/** A readable attribute name: a hand-written ref, else the question title, else the field id. */
function answerKey(answer: ResolvedAnswer): string {
  const readableRef = answer.ref && !/^[0-9a-f-]{20,}$/i.test(answer.ref) ? answer.ref : undefined;
  const key = readableRef ?? answer.title?.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '').slice(0, 60) ?? answer.id ?? 'answer';
  return key || answer.id || 'answer';
}
