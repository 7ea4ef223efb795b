/** Scoring on demand: inline leads (scored, never stored) and stored leads (re-scored, with history). */
import type { Static } from 'typebox';
import { AppError, invalid } from '../errors.ts';
import { compileItemValidator } from '../http/validation.ts';
import { isUuid } from '../ids.ts';
import { developmentPricing, rescoreLead } from '../leads/service.ts';
import { scoreLead, type LeadInput, type ScoreResult } from '../scoring/index.ts';
import type { Context, Tenant } from '../context/context.ts';
import { LeadToScore } from './schemas.ts';

type LeadToScore = Static<typeof LeadToScore>;

export async function scoreInline(tenant: Tenant, lead: LeadToScore): Promise<ScoreResult> {
  const development = await developmentPricing(tenant.db, tenant.companyId, lead.development_id ?? null);
  const input: LeadInput = { ...lead, budget: lead.budget === undefined || lead.budget === null ? lead.budget : String(lead.budget) };
  return scoreLead(input, { development });
}

export async function scoreStored(ctx: Context, buyerId: string, scoredBy: 'api' | 'batch') {
  const { row, score } = await rescoreLead(ctx, buyerId, scoredBy);
  return { buyer_id: row.id, ...score };
}

export function scoreRequestTarget(body: { lead?: LeadToScore; buyer_id?: string }) {
  if ((body.lead === undefined) === (body.buyer_id === undefined)) {
    throw invalid('Send either lead or buyer_id', [{ field: 'lead', message: 'exactly one of lead and buyer_id is required' }]);
  }
}

const validateItem = compileItemValidator(LeadToScore);

type BatchItem = { index: number } & (Partial<ScoreResult> & { buyer_id?: string; error?: { code: string; message: string; details?: unknown } });

/** Scores each item on its own: a bad item fails alone, with its own error, and the rest go on. */
export async function scoreBatch(ctx: Context, body: { leads?: unknown[]; buyer_ids?: string[] }) {
  if ((body.leads === undefined) === (body.buyer_ids === undefined)) {
    throw invalid('Send either leads or buyer_ids', [{ field: 'leads', message: 'exactly one of leads and buyer_ids is required' }]);
  }
  const results: BatchItem[] = [];
  if (body.leads) {
    for (const [index, item] of body.leads.entries()) {
      const details = validateItem(item);
      results.push(details ? { index, error: { code: 'INVALID_REQUEST', message: 'This lead is invalid', details } } : await settle(index, () => scoreInline(ctx, item as LeadToScore)));
    }
  } else {
    for (const [index, id] of body.buyer_ids!.entries()) {
      results.push(
        isUuid(id)
          ? await settle(index, () => scoreStored(ctx, id, 'batch'))
          : { index, error: { code: 'INVALID_REQUEST', message: 'buyer_id must be a UUID' } },
      );
    }
  }
  const failed = results.filter((r) => r.error).length;
  return { total: results.length, scored: results.length - failed, failed, results };
}

async function settle(index: number, run: () => Promise<Partial<ScoreResult> & { buyer_id?: string }>): Promise<BatchItem> {
  try {
    return { index, ...(await run()) };
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    return { index, error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } };
  }
}
