/**
 * Time filters accept a plain date as well as a date-time. A plain date names a whole UTC day, so
 * `from=2026-12-01&to=2026-12-01` is that day: its first millisecond as a lower bound, its last as
 * an upper one (timestamps are stored to the millisecond).
 */
const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function lowerBound(value: string): string;
export function lowerBound(value: string | undefined): string | undefined;
export function lowerBound(value: string | undefined) {
  return value !== undefined && PLAIN_DATE.test(value) ? `${value}T00:00:00.000Z` : value;
}

export function upperBound(value: string): string;
export function upperBound(value: string | undefined): string | undefined;
export function upperBound(value: string | undefined) {
  return value !== undefined && PLAIN_DATE.test(value) ? `${value}T23:59:59.999Z` : value;
}
