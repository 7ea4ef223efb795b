/**
 * The one place that gathers what the scoring engine reads about a lead's surroundings: the
 * development's prices (by bedrooms), the moment the lead was received (the engine reads "next
 * week" and "by September" against it, and never reads the clock), and the company's learned
 * probability model. Every path that scores — lead create and patch, POST /score and its batch,
 * inbound webhooks, Typeform, the demo seed — loads its context here, so they cannot disagree.
 */
import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { developments } from '../db/schema/index.ts';
import { invalidField } from '../errors.ts';
import type { DevelopmentPricing, ScoreContext } from '../scoring/index.ts';

export interface ScoringContextOptions {
  /** the development the lead asked about; an id unknown to this company is a client error */
  developmentId?: string | null;
  /** when the lead arrived: now for a new lead, its created_at when a stored lead is re-scored */
  receivedAt: Date;
}

export async function loadScoringContext(tx: Tx | Db, companyId: string, opts: ScoringContextOptions): Promise<ScoreContext> {
  const development = await developmentPricing(tx, companyId, opts.developmentId ?? null);
  return {
    development,
    received_at: opts.receivedAt,
    // No company has a learned model yet: null makes the engine use the documented priors. When
    // learned models land, the company's active one is read here and nowhere else.
    model: null,
  };
}

/** Pricing of the lead's development; an id that is unknown *to this company* is a client error. */
async function developmentPricing(tx: Tx | Db, companyId: string, developmentId: string | null): Promise<DevelopmentPricing | null> {
  if (!developmentId) return null;
  const [dev] = await tx
    .select({ price_from: developments.priceFrom, price_to: developments.priceTo, location: developments.location, unit_mix: developments.unitMix })
    .from(developments)
    .where(and(eq(developments.id, developmentId), eq(developments.companyId, companyId)));
  if (!dev) throw invalidField('development_id', 'does not name one of your developments');
  return dev;
}
