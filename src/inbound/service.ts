/**
 * Inbound leads from CRMs and forms: create or merge by email, score (scored_by
 * `webhook`), emit events, and, when the company has HubSpot on, enqueue the push in the same
 * transaction so an acknowledged lead is never left unpushed.
 */
import { enqueueHubspotPush } from '../integrations/hubspot/push.ts';
import { hubspotEnabled } from '../integrations/hubspot/settings.ts';
import { scoreSummary } from '../leads/mapping.ts';
import type { LeadCreate } from '../leads/schemas.ts';
import { upsertLeadByEmail } from '../leads/service.ts';
import type { Context, Tenant } from '../context/context.ts';

export async function receiveInboundLead(ctx: Context, input: LeadCreate) {
  let pushed = false;
  const { row, merged } = await upsertLeadByEmail(ctx, input, 'webhook', async (tx, lead) => {
    pushed = (await hubspotEnabled(tx, ctx.companyId)) && (await enqueueHubspotPush(tx, lead));
  });
  return {
    success: true as const,
    buyer_id: row.id,
    merged,
    hubspot_push_queued: pushed,
    scoring: {
      ...scoreSummary(row),
      probabilities: { p_fin: row.pFin, p_show: row.pShow, p_sql: row.pSql },
      engine_version: row.engineVersion,
      scored_at: row.scoredAt,
      score_breakdown: row.scoreBreakdown,
    },
  };
}
