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
