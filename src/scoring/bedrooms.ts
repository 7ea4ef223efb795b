/** Bedrooms parser: a number, or text like "studio", "2 bed", "two", "3+". 0 = studio. */
import { norm, isPlaceholder } from './text.ts';

export const MAX_BEDROOMS = 10;

const WORDS: Readonly<Record<string, number>> = {
  studio: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
};
const DIGITS_RE = /(\d+)/;
const WORD_RE = /\b(studio|one|two|three|four|five|six|seven|eight|nine|ten)\b/;

export function parseBedrooms(raw: unknown): number | null {
  if (typeof raw === 'number') {
    return Number.isInteger(raw) && raw >= 0 && raw <= MAX_BEDROOMS ? raw : null;
  }
  const s = norm(raw);
  if (isPlaceholder(s)) return null;
  const d = DIGITS_RE.exec(s);
  if (d !== null) {
    const n = Number(d[1]);
    return n <= MAX_BEDROOMS ? n : null;
  }
  const w = WORD_RE.exec(s);
  return w !== null ? (WORDS[w[1]!] ?? null) : null;
}
