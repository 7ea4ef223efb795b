/** Real-shaped Typeform deliveries and a way to post them signed. */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { typeformSignature } from '../../src/leadscoring/signature.ts';
import type { Worker } from '../../src/jobs/handler.ts';

let n = 0;

/**
 * A delivery as Typeform sends it for a UK buyer form: definition.fields with ids, refs and titles,
 * answers of every type, hidden fields carrying the client id, UTM and Meta tracking values.
 */
export function buyerDelivery(clientId: string, o: { email?: string; hidden?: Record<string, unknown>; answers?: unknown[]; token?: string } = {}) {
  const i = ++n;
  const id = () => randomBytes(6).toString('base64url');
  const f = {
    first: id(), last: id(), email: id(), phone: id(), budget: id(), pay: id(), when: id(), purpose: id(),
    beds: id(), where: id(), extras: id(), consent: id(), site: id(), movein: id(), rating: id(),
  };
  return {
    event_id: `01J${randomBytes(8).toString('hex').toUpperCase()}`,
    event_type: 'form_response',
    form_response: {
      form_id: 'hX3kLm',
      token: o.token ?? `tok${randomBytes(12).toString('hex')}`,
      landed_at: '2026-11-20T09:58:12Z',
      submitted_at: '2026-11-20T10:01:44Z',
      hidden: {
        client_id: clientId,
        utm_source: 'facebook', utm_medium: 'paid_social', utm_campaign: 'riverside_launch', utm_content: 'carousel_2', utm_term: '',
        fbc: 'fb.1.1700000000000.IwAR2abcDEF', fbp: 'fb.1.1700000000000.1234567890',
        event_id: `evt-${i}-${id()}`, consent_ip: '81.2.69.142',
        ...o.hidden,
      },
      definition: {
        id: 'hX3kLm',
        title: 'Riverside Quarter: register your interest',
        fields: [
          { id: f.first, title: 'What is your first name?', type: 'short_text', ref: 'first_name', properties: {} },
          { id: f.last, title: 'And your surname?', type: 'short_text', ref: '3f1c2a9e-7c55-4b8e-9f0e-5b8d2a1c7e44', properties: {} },
          { id: f.email, title: 'Your email address', type: 'email', ref: 'a7d0c1e2-0b0b-4f7e-8a88-0c1d2e3f4a5b' },
          { id: f.phone, title: 'Best number to reach you on', type: 'phone_number', ref: 'b8e1d2f3-1c1c-4a8f-9b99-1d2e3f4a5b6c' },
          { id: f.budget, title: "What's your maximum budget?", type: 'dropdown', ref: 'budget' },
          { id: f.pay, title: 'How will you fund your purchase?', type: 'multiple_choice', ref: 'c9f2e3a4-2d2d-4b9a-8caa-2e3f4a5b6c7d',
            choices: [{ id: id(), ref: 'cash', label: 'Cash' }, { id: id(), ref: 'aip', label: 'Mortgage (agreement in principle)' }] },
          { id: f.when, title: 'When are you looking to move?', type: 'multiple_choice', ref: 'd0a3f4b5-3e3e-4cab-9dbb-3f4a5b6c7d8e' },
          { id: f.purpose, title: 'Is this a home to live in or an investment?', type: 'multiple_choice', ref: 'e1b4a5c6-4f4f-4dbc-8ecc-4a5b6c7d8e9f' },
          { id: f.beds, title: 'How many bedrooms do you need?', type: 'number', ref: 'f2c5b6d7-5a5a-4ecd-9fdd-5b6c7d8e9f0a' },
          { id: f.where, title: 'Which area are you looking to buy in?', type: 'short_text', ref: 'a3d6c7e8-6b6b-4fde-8aee-6c7d8e9f0a1b' },
          { id: f.extras, title: 'Which features matter most?', type: 'multiple_choice', ref: 'b4e7d8f9-7c7c-4aef-9bff-7d8e9f0a1b2c', allow_multiple_selections: true },
          { id: f.consent, title: 'I agree to be contacted about Riverside Quarter', type: 'legal', ref: 'c5f8e9a0-8d8d-4bfa-8caa-8e9f0a1b2c3d' },
          { id: f.site, title: 'Your LinkedIn profile', type: 'website', ref: 'd6a9f0b1-9e9e-4cab-9dbb-9f0a1b2c3d4e' },
          { id: f.movein, title: 'Preferred viewing date', type: 'date', ref: 'e7b0a1c2-0f0f-4dbc-8ecc-0a1b2c3d4e5f' },
          { id: f.rating, title: 'How excited are you, from 1 to 5?', type: 'rating', ref: 'f8c1b2d3-1a1a-4ecd-9fdd-1b2c3d4e5f6a' },
        ],
      },
      answers: o.answers ?? [
        { type: 'text', text: 'Sarah', field: { id: f.first, type: 'short_text', ref: 'first_name' } },
        { type: 'text', text: 'Collins', field: { id: f.last, type: 'short_text' } },
        { type: 'email', email: o.email ?? `sarah.collins+${i}@example.co.uk`, field: { id: f.email, type: 'email' } },
        { type: 'phone_number', phone_number: '+447911123456', field: { id: f.phone, type: 'phone_number' } },
        { type: 'text', text: '£450k-£550k', field: { id: f.budget, type: 'dropdown', ref: 'budget' } },
        { type: 'choice', choice: { id: 'x1', ref: 'cash', label: 'Cash' }, field: { id: f.pay, type: 'multiple_choice' } },
        { type: 'choice', choice: { label: 'Within 28 days' }, field: { id: f.when, type: 'multiple_choice' } },
        { type: 'choice', choice: { label: 'A home to live in' }, field: { id: f.purpose, type: 'multiple_choice' } },
        { type: 'number', number: 2, field: { id: f.beds, type: 'number' } },
        { type: 'text', text: 'Battersea, London', field: { id: f.where, type: 'short_text' } },
        { type: 'choices', choices: { labels: ['Balcony', 'Parking'], other: 'Gym' }, field: { id: f.extras, type: 'multiple_choice' } },
        { type: 'boolean', boolean: true, field: { id: f.consent, type: 'legal' } },
        { type: 'url', url: 'https://www.linkedin.com/in/sarah-collins', field: { id: f.site, type: 'website' } },
        { type: 'date', date: '2026-12-05', field: { id: f.movein, type: 'date' } },
        { type: 'number', number: 5, field: { id: f.rating, type: 'rating' } },
      ],
    },
  };
}

/** Typeform's own documentation example, exactly as published. */
export const TYPEFORM_DOCS_EXAMPLE = {
  event_id: 'LtWXD3crgy', event_type: 'form_response', form_response: {
    form_id: 'lT4Z3j', token: 'a3a12ec67a1365927098a606107fac15',
    submitted_at: '2018-01-18T18:17:02Z', landed_at: '2018-01-18T18:07:02Z',
    calculated: { score: 9 },
    variables: [{ key: 'score', type: 'number', number: 4 }, { key: 'name', type: 'text', text: 'typeform' }],
    hidden: { user_id: 'abc123456' },
    definition: { id: 'lT4Z3j', title: 'Webhooks example', fields: [
      { id: 'SMEUb7VJz92Q', title: '…email address.', type: 'email', ref: 'readable_ref_email', allow_multiple_selections: false, allow_other_choice: false },
      { id: 'PNe8ZKBK8C2Q', title: 'Which pictures do you like?…', type: 'picture_choice', ref: 'readable_ref_picture_choice', allow_multiple_selections: true, allow_other_choice: false,
        choices: [{ id: 'eXnU3oA141Cg', ref: '238d1802-9921-4687-a37b-5e50f56ece8e', label: 'London' }, { id: 'aTZmZGYV6liX', ref: 'd867c542-1e72-4619-908f-aaae38cabb61', label: 'Sydney' }] }] },
    answers: [
      { type: 'text', text: "It's cold right now! …", field: { id: 'DlXFaesGBpoF', type: 'long_text' } },
      { type: 'email', email: 'laura@example.com', field: { id: 'SMEUb7VJz92Q', type: 'email' } },
      { type: 'text', text: 'Laura', field: { id: 'JwWggjAKtOkA', type: 'short_text' } },
      { type: 'date', date: '2005-10-15', field: { id: 'KoJxDM3c6x8h', type: 'date' } },
      { type: 'choices', choices: { labels: ['London', 'Sydney'] }, field: { id: 'PNe8ZKBK8C2Q', type: 'picture_choice' } },
      { type: 'number', number: 5, field: { id: 'Q7M2XAwY04dW', type: 'number' } },
      { type: 'boolean', boolean: true, field: { id: 'gFFf3xAkJKsr', type: 'legal' } },
      { type: 'choice', choice: { label: 'London' }, field: { id: 'k6TP9oLGgHjl', type: 'multiple_choice' } },
      { type: 'boolean', boolean: false, field: { id: 'RUqkXSeXBXSd', type: 'yes_no' } },
      { type: 'number', number: 2, field: { id: 'NRsxU591jIW9', type: 'opinion_scale' } },
      { type: 'number', number: 3, field: { id: 'WOTdC00F8A3h', type: 'rating' } },
      { type: 'number', number: 4, field: { id: 'pn48RmPazVdM', type: 'number' } },
    ] } };

export const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Posts a delivery the way Typeform does: raw JSON bytes, signed when a secret is given. */
let sender = 0;

/**
 * Posts a delivery as Typeform would. Each call comes from its own address unless `from` says
 * otherwise, so the webhook's throttle of failing addresses only meets the tests that test it.
 */
export function postDelivery(app: FastifyInstance, body: unknown, opts: { secret?: string; signature?: string; raw?: string; from?: string } = {}) {
  const raw = opts.raw ?? JSON.stringify(body);
  sender = (sender + 1) % 65_536;
  const remoteAddress = opts.from ?? `10.77.${sender >> 8}.${sender & 255}`;
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'Typeform Webhooks' };
  if (opts.signature) headers['typeform-signature'] = opts.signature;
  else if (opts.secret) headers['typeform-signature'] = typeformSignature(opts.secret, raw);
  return app.inject({ method: 'POST', url: '/api/v1/leadscoring/webhook', headers, payload: raw, remoteAddress });
}

/** Runs a worker until the queue has had nothing due for a few polls (retries included). */
export async function drain(worker: Worker & { runOnce(): Promise<number> }, idleRounds = 3): Promise<void> {
  let idle = 0;
  for (let i = 0; i < 500 && idle < idleRounds; i++) {
    const ran = await worker.runOnce();
    idle = ran === 0 ? idle + 1 : 0;
    if (ran === 0) await new Promise((r) => setTimeout(r, 15));
  }
}
