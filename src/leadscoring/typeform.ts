/**
 * Typeform's webhook wire format, read defensively: Typeform adds
 * fields over time and older payloads omit some (answer `field.ref`, choice ids), so every object
 * is open and every property optional. Pure.
 */

export interface TypeformFieldRef {
  id?: string;
  type?: string;
  ref?: string;
}

export interface TypeformAnswer {
  type?: string;
  field?: TypeformFieldRef;
  [valueKey: string]: unknown;
}

export interface TypeformField extends TypeformFieldRef {
  title?: string;
}

export interface FormResponse {
  form_id?: string;
  token?: string;
  submitted_at?: string;
  landed_at?: string;
  hidden?: Record<string, unknown> | null;
  definition?: { id?: string; title?: string; fields?: TypeformField[] | null } | null;
  /** null on an uncompleted form. */
  answers?: TypeformAnswer[] | null;
  variables?: unknown;
  calculated?: unknown;
}

export interface TypeformDelivery {
  event_id?: unknown;
  event_type?: unknown;
  form_response?: FormResponse;
}

/** A value as the answer carries it; `choices` become a list of labels, a payment an object. */
export type AnswerValue = string | number | boolean | string[] | Record<string, unknown>;

/** One answer with the question it belongs to, resolved through `definition.fields`. */
export interface ResolvedAnswer {
  id: string | undefined;
  ref: string | undefined;
  title: string | undefined;
  /** The question type (short_text, legal, …), not the answer type. */
  fieldType: string | undefined;
  answerType: string | undefined;
  value: AnswerValue | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Reads the value of any answer type Typeform sends (text, email, phone_number, number, boolean,
 * date, url, file_url, choice, choices, payment), and of unknown future types named the same way. */
export function answerValue(answer: TypeformAnswer): AnswerValue | null {
  const type = answer.type;
  if (!type) return null;
  const raw = answer[type];
  switch (type) {
    case 'choice': {
      if (!isObject(raw)) return null;
      return str(raw.label) ?? str(raw.other) ?? null;
    }
    case 'choices': {
      if (!isObject(raw)) return null;
      const labels = Array.isArray(raw.labels) ? raw.labels.filter((l): l is string => typeof l === 'string') : [];
      const other = str(raw.other);
      return other ? [...labels, other] : labels;
    }
    case 'number':
      return typeof raw === 'number' && Number.isFinite(raw) ? raw : null;
    case 'boolean':
      return typeof raw === 'boolean' ? raw : null;
    case 'payment':
      return isObject(raw) ? raw : null;
    default:
      if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') return raw;
      return isObject(raw) ? raw : null;
  }
}

/** Joins each answer to its question (title, ref) in `definition.fields` by field id. */
export function resolveAnswers(response: FormResponse): ResolvedAnswer[] {
  const answers = Array.isArray(response.answers) ? response.answers : [];
  const fields = new Map<string, TypeformField>();
  for (const f of Array.isArray(response.definition?.fields) ? response.definition!.fields! : []) {
    if (isObject(f) && typeof f.id === 'string') fields.set(f.id, f);
  }
  return answers.filter(isObject).map((a: TypeformAnswer) => {
    const id = str(a.field?.id);
    const def = id ? fields.get(id) : undefined;
    return {
      id,
      ref: str(a.field?.ref) ?? str(def?.ref),
      title: str(def?.title),
      fieldType: str(a.field?.type) ?? str(def?.type),
      answerType: str(a.type),
      value: answerValue(a),
    };
  });
}

/** Hidden fields as strings (Typeform sends them as strings; anything else is ignored). */
export function hiddenFields(response: FormResponse): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(response.hidden)) return out;
  for (const [k, v] of Object.entries(response.hidden)) {
    if (typeof v === 'string' && v.trim() !== '') out[k] = v.trim();
    else if (typeof v === 'number') out[k] = String(v);
  }
  return out;
}
