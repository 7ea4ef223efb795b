/**
 * Text from outside → a Date that PostgreSQL will accept. JavaScript parses things PostgreSQL
 * refuses (year 0, year -100000) and refuses things JSON Schema's date-time allows (a leap second,
 * "23:59:60Z"): either would reach the database as an error, i.e. a 500 instead of a 400.
 */
const MIN = Date.parse('0001-01-01T00:00:00.000Z'); // not Date.UTC(1, …): that means 1901
const MAX = Date.parse('9999-12-31T23:59:59.999Z');

export function toDbTimestamp(text: string): Date | undefined {
  const ms = Date.parse(text);
  if (Number.isNaN(ms) || ms < MIN || ms > MAX) return undefined;
  return new Date(ms);
}

/**
 * A computed instant as PostgreSQL text. Arithmetic on a valid input can step past year 9999 (the
 * day after 9999-12-31T12:00Z, "to" plus 1 ms) or before year 1, where toISOString() writes
 * "+010000-…", which PostgreSQL cannot read; there are no rows out there, so the ends of time
 * say the same thing.
 */
export function toPgTimestamp(date: Date | number): string {
  const ms = typeof date === 'number' ? date : date.getTime();
  if (ms > MAX) return 'infinity';
  if (ms < MIN) return '-infinity';
  return new Date(ms).toISOString();
}

/** The UTC day of a computed instant as PostgreSQL date text, with the same ends of time. */
export function toPgDate(ms: number): string {
  const text = toPgTimestamp(ms);
  return text.endsWith('infinity') ? text : text.slice(0, 10);
}
