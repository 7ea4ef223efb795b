import { toDbTimestamp } from '../db/timestamp.ts';
import { invalidField } from '../errors.ts';

/**
 * A date-time from a query string or cursor as a Date the database accepts. The schema checks the
 * shape; this refuses what PostgreSQL would (year 0, a leap second), as a 400 naming the field.
 */
export function timestampParam(field: string, value: string | Date): Date {
  const date = toDbTimestamp(String(value instanceof Date ? value.toISOString() : value));
  if (!date) throw invalidField(field, 'must be a real date and time from year 1 to 9999');
  return date;
}
