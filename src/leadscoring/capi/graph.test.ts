import assert from 'node:assert/strict';
import { test } from 'node:test';
import { capiRequestBody, capiUrl, readGraphResponse } from './graph.ts';

test('Graph answers: sent, retried (5xx, 429, transient and throttling codes) or rejected (other 4xx)', () => {
  const err = (code: number) => ({ error: { message: `code ${code}`, type: 'OAuthException', code, fbtrace_id: 'T' } });
  const cases: [status: number, body: unknown, kind: string][] = [
    [200, { events_received: 1, messages: [], fbtrace_id: 'X' }, 'sent'],
    [500, null, 'retry'],
    [503, err(2), 'retry'],
    [429, null, 'retry'],
    [400, err(1), 'retry'],
    [400, err(4), 'retry'],
    [400, err(17), 'retry'],
    [403, err(613), 'retry'],
    [400, err(80004), 'retry'],
    [400, err(190), 'reject'],
    [400, err(100), 'reject'],
    [404, null, 'reject'],
    [200, err(100), 'reject'],
  ];
  for (const [status, body, kind] of cases) assert.equal(readGraphResponse(status, body).kind, kind, `${status} ${JSON.stringify(body)}`);
  assert.deepEqual(readGraphResponse(200, { events_received: 1, fbtrace_id: 'X' }), { kind: 'sent', eventsReceived: 1, fbtraceId: 'X' });
});

test('the request: one server event, the token in the body, the URL from base, version and pixel', () => {
  const body = capiRequestBody({ eventName: 'Lead', eventTime: 1700000000, eventId: 'mqlabc', eventSourceUrl: null, actionSource: 'website', userData: { em: ['h'] } }, 'TOKEN');
  assert.deepEqual(body, { data: [{ event_name: 'Lead', event_time: 1700000000, event_id: 'mqlabc', action_source: 'website', user_data: { em: ['h'] } }], access_token: 'TOKEN' });
  assert.equal(capiUrl('http://127.0.0.1:9', 'v21.0', '123'), 'http://127.0.0.1:9/v21.0/123/events');
});
