/**
 * Fan-out, pure: which subscriptions receive which events. An event goes to every active
 * subscription of its own company that asked for its type and existed when the event happened
 * (a new subscription does not receive the past).
 */
export interface FanoutEvent {
  id: string;
  companyId: string;
  type: string;
  createdAt: Date;
}

export interface FanoutSubscription {
  id: string;
  companyId: string;
  events: string[];
  createdAt: Date;
}

export function planDeliveries(events: FanoutEvent[], subscriptions: FanoutSubscription[]): { eventId: string; subscriptionId: string }[] {
  const byCompany = new Map<string, FanoutSubscription[]>();
  for (const s of subscriptions) byCompany.set(s.companyId, [...(byCompany.get(s.companyId) ?? []), s]);
  const out: { eventId: string; subscriptionId: string }[] = [];
  for (const e of events) {
    for (const s of byCompany.get(e.companyId) ?? []) {
      if (s.events.includes(e.type) && s.createdAt.getTime() <= e.createdAt.getTime()) out.push({ eventId: e.id, subscriptionId: s.id });
    }
  }
  return out;
}
