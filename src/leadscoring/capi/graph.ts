/**
 * The Conversions API request and how to read Meta's answer (pure). Graph errors carry a code:
 * 1 and 2 are transient, 4, 17, 341, 613 and 80000–80014 are throttling, and Meta says to retry
 * only what is not the client's fault. Throttling codes often come with a 4xx status, so the code
 * decides before the status does.
 */
import type { HashedUserData } from './normalise.ts';

export const ACTION_SOURCES = [
  'website', 'email', 'app', 'phone_call', 'chat', 'physical_store', 'system_generated', 'business_messaging', 'other',
] as const;
export type ActionSource = (typeof ACTION_SOURCES)[number];

export interface CapiEventInput {
  eventName: string;
  /** Unix seconds. */
  eventTime: number;
  eventId: string;
  eventSourceUrl: string | null;
  actionSource: string;
  userData: HashedUserData;
}

export function capiRequestBody(event: CapiEventInput, accessToken: string) {
  const server = {
    event_name: event.eventName,
    event_time: event.eventTime,
    event_id: event.eventId,
    action_source: event.actionSource,
    ...(event.eventSourceUrl ? { event_source_url: event.eventSourceUrl } : {}),
    user_data: event.userData,
  };
  // The token goes in the body (as the SDK sends it), not the URL, so it stays out of access logs.
  return { data: [server], access_token: accessToken };
}

export function capiUrl(baseUrl: string, version: string, pixelId: string): string {
  return `${baseUrl}/${encodeURIComponent(version)}/${encodeURIComponent(pixelId)}/events`;
}

const TRANSIENT_CODES = new Set([1, 2, 4, 17, 341, 613]);
const isRetryableCode = (code: number | undefined) =>
  code !== undefined && (TRANSIENT_CODES.has(code) || (code >= 80000 && code <= 80014));

export interface GraphOutcome {
  kind: 'sent' | 'retry' | 'reject';
  errorCode?: number;
  message?: string;
  eventsReceived?: number;
  fbtraceId?: string;
}

export function readGraphResponse(status: number, body: unknown): GraphOutcome {
  const obj = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const error = typeof obj.error === 'object' && obj.error !== null ? (obj.error as Record<string, unknown>) : undefined;
  const errorCode = typeof error?.code === 'number' ? error.code : undefined;
  const fbtraceId = typeof (error?.fbtrace_id ?? obj.fbtrace_id) === 'string' ? String(error?.fbtrace_id ?? obj.fbtrace_id) : undefined;
  if (status >= 200 && status < 300 && !error) {
    const eventsReceived = typeof obj.events_received === 'number' ? obj.events_received : undefined;
    return { kind: 'sent', eventsReceived, fbtraceId };
  }
  const message = typeof error?.message === 'string' ? error.message.slice(0, 300) : `HTTP ${status}`;
  const retry = status >= 500 || status === 429 || isRetryableCode(errorCode);
  return { kind: retry ? 'retry' : 'reject', errorCode, message, fbtraceId };
}
