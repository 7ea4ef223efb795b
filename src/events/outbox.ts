/**
 * Domain events go into the outbox table inside the caller's transaction, so the event exists if
 * and only if the change that caused it was committed. Delivery happens later, from workers.
 */
import { randomUUID } from 'node:crypto';
import type { Tx } from '../db/client.ts';
import { events } from '../db/schema/index.ts';

export const EVENT_TYPES = ['lead.created', 'lead.scored', 'lead.status_changed'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface PendingEvent {
  type: EventType;
  data: Record<string, unknown>;
}

export async function recordEvents(tx: Tx, companyId: string, pending: PendingEvent[]): Promise<void> {
  await eventsInsert(tx, companyId, pending);
}

/** The insert of recordEvents, unrun, for callers that send it with other writes (executeAll). */
export function eventsInsert(tx: Tx, companyId: string, pending: PendingEvent[]) {
  if (pending.length === 0) return undefined;
  return tx.insert(events).values(pending.map((e) => ({ id: randomUUID(), companyId, type: e.type, data: e.data })));
}
