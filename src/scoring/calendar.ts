/**
 * Calendar arithmetic for the timeline reader: days from the moment a lead arrived (`ref`, epoch
 * milliseconds, UTC) to a named month or three-month span, and a year written after a word.
 */

export const DAY = 86_400_000;

/** Days from `ref` to the first day of month `m` (0-11) in `year`, or its next occurrence; 0 when it is now. */
export function untilMonth(ref: number, m: number, year: number | null): number {
  const d = new Date(ref);
  const ry = d.getUTCFullYear();
  const rm = d.getUTCMonth();
  let y = year ?? (m >= rm ? ry : ry + 1);
  if (year === null && m === rm) return 0;
  if (year !== null && (y < ry || (y === ry && m <= rm))) return 0;
  if (y > ry + 20) y = ry + 20;
  return Math.max(0, Math.round((Date.UTC(y, m, 1) - ref) / DAY));
}

/** A three-month span starting at month `m`: 0 when `ref` is inside it, else days to its start. */
export function untilSpan(ref: number, m: number, year: number | null): number {
  const rm = new Date(ref).getUTCMonth();
  if (year === null && (rm - m + 12) % 12 < 3) return 0;
  return untilMonth(ref, m, year);
}

/** A four-digit year (2000-2099) written right after `end`, or null. */
export function yearAfter(s: string, end: number): number | null {
  let i = end;
  while (i < s.length && s.charCodeAt(i) === 32) i++;
  if (i + 4 > s.length || s.charCodeAt(i) !== 50 || s.charCodeAt(i + 1) !== 48) return null;
  let y = 0;
  for (let j = i; j < i + 4; j++) {
    const c = s.charCodeAt(j) - 48;
    if (c < 0 || c > 9) return null;
    y = y * 10 + c;
  }
  if (i + 4 < s.length) { const c = s.charCodeAt(i + 4); if (c >= 48 && c <= 57) return null; }
  return y;
}
