/** Numbers, money and times as a UK sales team reads them. */

const gbp = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });
const whole = new Intl.NumberFormat('en-GB');

export const money = (value: number | null | undefined) => (value == null ? '—' : gbp.format(value));
export const count = (value: number | null | undefined) => (value == null ? '—' : whole.format(value));
export const percent = (value: number | null | undefined) => (value == null ? '—' : `${Math.round(value * 100)}%`);

export function dateTime(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

export function ago(iso: string, now = Date.now()): string {
  return `${duration(now - new Date(iso).getTime())} ago`;
}

/** "3 h 20 min", "2 d 4 h", "45 s": two units are all anyone reads on a call list. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.floor(Math.abs(ms) / 1000));
  const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  if (m > 0) return `${m} min`;
  return `${s % 60} s`;
}

/** The response-time promise a score gives ("Within 4 hours") in milliseconds. */
const PROMISES: Record<string, number> = {
  'Within 1 hour': 3_600_000,
  'Within 4 hours': 4 * 3_600_000,
  'Within 24 hours': 24 * 3_600_000,
  'Within 48 hours': 48 * 3_600_000,
  'Within 1 week': 7 * 24 * 3_600_000,
};

export function promiseDeadline(createdAt: string, responseTime: string): number | null {
  const window = PROMISES[responseTime];
  return window === undefined ? null : new Date(createdAt).getTime() + window;
}
