/** Rows to the wire format. The secret column is never mapped: it exists on the wire only once. */
import type { webhookDeliveries, webhookSubscriptions } from '../db/schema/index.ts';

export type SubscriptionRow = typeof webhookSubscriptions.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;

export function toWebhookResponse(row: SubscriptionRow) {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    description: row.description,
    status: row.status,
    disabled_reason: row.disabledReason,
    disabled_at: row.disabledAt,
    failing_since: row.failingSince,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

export function toDeliveryResponse(row: DeliveryRow) {
  return {
    id: row.id,
    webhook_id: row.subscriptionId,
    event_id: row.eventId,
    event_type: row.eventType,
    attempt: row.attempt,
    status: row.status,
    status_code: row.statusCode,
    duration_ms: row.durationMs,
    error: row.error,
    response_snippet: row.responseSnippet,
    attempted_at: row.attemptedAt,
    next_attempt_at: row.nextAttemptAt,
  };
}
