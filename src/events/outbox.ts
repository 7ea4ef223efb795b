/**
 * Domain events go into the outbox table inside the caller's transaction, so the event exists if
 * and only if the change that caused it was committed. Delivery happens later, from workers.
 */
import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { executeAll, type Tx } from '../db/client.ts';
import { events } from '../db/schema/index.ts';

export const EVENT_TYPES = ['lead.created', 'lead.scored', 'lead.status_changed', 'model.activated'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface PendingEvent {
  type: EventType;
  data: Record<string, unknown>;
}

export async function recordEvents(tx: Tx, companyId: string, pending: PendingEvent[]): Promise<void> {
  await executeAll(tx, [eventsInsert(companyId, pending)]);
}

/**
 * The insert of recordEvents, unrun, for callers that send it with other writes (executeAll). The
 * events travel as one JSON parameter: Drizzle's query building cost as much JavaScript as the
 * lead's own 36-column insert (src/db/bulk-insert.ts says why).
 */
export function eventsInsert(companyId: string, pending: PendingEvent[]): SQL | undefined {
  if (pending.length === 0) return undefined;
  const rows = JSON.stringify(pending.map((e) => ({ id: randomUUID(), type: e.type, data: e.data })));
  return sql`insert into ${events} (id, company_id, type, data)
    select id, ${companyId}, type, data from json_to_recordset(${rows}::json) as e(id uuid, type text, data jsonb)`;
}
