import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planDeliveries, type FanoutSubscription } from './fanout.ts';

const t0 = new Date('2026-01-01T00:00:00Z');
const later = new Date('2026-01-02T00:00:00Z');
const sub = (id: string, companyId: string, events: string[], createdAt = t0): FanoutSubscription => ({ id, companyId, events, createdAt });
const event = (id: string, companyId: string, type: string, createdAt = later) => ({ id, companyId, type, createdAt });

test('fan-out: type, company and creation time decide', () => {
  const subs = [sub('s1', 'A', ['lead.created', 'lead.scored']), sub('s2', 'A', ['lead.status_changed']), sub('s3', 'B', ['lead.created']), sub('s4', 'A', ['lead.created'], later)];
  const cases: [name: string, events: ReturnType<typeof event>[], expected: string[]][] = [
    ['matching type in the same company', [event('e1', 'A', 'lead.scored')], ['e1→s1']],
    ['every subscription that asked for the type', [event('e1', 'A', 'lead.created')], ['e1→s1', 'e1→s4']],
    ['never another company', [event('e1', 'B', 'lead.scored')], []],
    ['other company, its own subscription', [event('e1', 'B', 'lead.created')], ['e1→s3']],
    ['a subscription created after the event gets nothing', [event('e1', 'A', 'lead.created', t0)], ['e1→s1']],
    ['no subscriptions at all', [event('e1', 'C', 'lead.created')], []],
    ['several events', [event('e1', 'A', 'lead.status_changed'), event('e2', 'B', 'lead.created')], ['e1→s2', 'e2→s3']],
  ];
  for (const [name, events, expected] of cases) {
    const got = planDeliveries(events, subs).map((d) => `${d.eventId}→${d.subscriptionId}`);
    assert.deepEqual(got, expected, name);
  }
});
