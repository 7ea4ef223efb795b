/**
 * Phrase finding for the parsers. A table of literal phrases becomes one regular expression
 * `\b(?:longest|…|shortest)\b` with no quantifier anywhere, so a match costs at most the length
 * of the text times the phrases that start at each position: linear, never catastrophic.
 *
 * Texts come lower-cased from `norm`. A space in a phrase also matches a hyphen, slash or
 * underscore, and an apostrophe a curly one, so "Sold-STC", "sold stc" and "SOLD STC" are one
 * phrase and "don’t" is "don't".
 */

export interface PhraseTable<T> {
  readonly re: RegExp;
  readonly ids: ReadonlyMap<string, T>;
}

/** One character of a phrase as a pattern: space and apostrophe stand for their look-alikes. */
function charPattern(c: string): string {
  if (c === ' ') return '[ /_\\-]';
  if (c === "'") return "['\u2019]";
  return c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The phrases as a trie-shaped alternation ("cash( buyer| purchase|)|…"): one character compared
 * per step instead of every phrase tried in turn, and at each node the longer continuation is
 * tried before stopping there, so the longest phrase wins. Only optional groups, no repetition.
 */
export function trieSource(phrases: readonly string[]): string {
  const byFirst = new Map<string, string[]>();
  for (const p of phrases) {
    const c = p[0]!;
    const list = byFirst.get(c);
    if (list) list.push(p.slice(1)); else byFirst.set(c, [p.slice(1)]);
  }
  const alts: string[] = [];
  for (const [c, rests] of byFirst) {
    const longer = rests.filter((r) => r.length > 0);
    const endsHere = longer.length < rests.length;
    if (longer.length === 0) alts.push(charPattern(c));
    else alts.push(charPattern(c) + '(?:' + trieSource(longer) + (endsHere ? '|' : '') + ')');
  }
  return alts.join('|');
}

/** Phrases (lower case, single spaces) and what each means. Longer phrases win at a position. */
export function phraseTable<T>(entries: ReadonlyArray<readonly [string, T]>): PhraseTable<T> {
  const ids = new Map<string, T>();
  for (const [p, id] of entries) {
    if (p.includes('-') || p.includes('/') || p.includes('_') || p.includes('\u2019')) throw new Error(`phrase "${p}" must use a space or ' (they match their look-alikes)`);
    if (p !== p.toLowerCase() || p.trim() !== p || p.includes('  ') || p.length === 0) throw new Error(`phrase "${p}" must be lower case, single-spaced`);
    if (ids.has(p)) throw new Error(`phrase "${p}" listed twice`);
    ids.set(p, id);
  }
  return { re: new RegExp(`\\b(?:${trieSource([...ids.keys()])})\\b`, 'g'), ids };
}

/**
 * Calls `fn` for each phrase found in `text` (from `norm`), left to right. `fn` gets
 * the text too, so callers pass a function made once rather than a closure per call.
 */
export function eachPhrase<T>(table: PhraseTable<T>, text: string, fn: (id: T, start: number, end: number, text: string) => void): void {
  if (text.length === 0) return;
  const re = table.re;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    fn(table.ids.get(canonical(m[0]))!, m.index, m.index + m[0].length, text);
  }
}

/** A matched phrase as it is listed: look-alike joiners back to a space or a plain apostrophe. */
function canonical(m: string): string {
  for (let i = 0; i < m.length; i++) {
    const c = m.charCodeAt(i);
    if (c === 45 || c === 47 || c === 95 || c === 0x2019) return m.replace(LOOKALIKE_RE, (x) => (x === '\u2019' ? "'" : ' '));
  }
  return m;
}
const LOOKALIKE_RE = /[-/_\u2019]/g;

/** Words that deny what follows them ("no chain", "not cash", "nothing to sell", "don't need"). */
const NEGATORS: ReadonlySet<string> = new Set([
  'no', 'not', 'nothing', 'never', 'without', "don't", 'dont', "doesn't", 'doesnt', "isn't", 'isnt', "aren't", 'arent',
  "won't", 'wont', "haven't", 'havent', "hasn't", 'hasnt', 'nor', 'neither', 'non', "can't", 'cant', 'cannot',
]);

function isClauseBreak(c: number): boolean {
  // . , ; : ! ? ( ) dashes and newlines end the reach of a "not" ("Not just looking - ready to buy")
  return c === 46 || c === 44 || c === 59 || c === 58 || c === 33 || c === 63 || c === 40 || c === 41 || c === 10 ||
    c === 45 || c === 0x2013 || c === 0x2014;
}

/**
 * Whether one of the (up to) three words before `start` negates the phrase there, within the same
 * clause: "not just looking", "we are not in a chain", "no mortgage needed". Reads at most a few
 * dozen characters back.
 */
export function negatedBefore(text: string, start: number): boolean {
  let i = start - 1;
  for (let words = 0; words < 3; words++) {
    while (i >= 0 && text.charCodeAt(i) === 32) i--;
    if (i < 0 || isClauseBreak(text.charCodeAt(i))) return false;
    const end = i + 1;
    while (i >= 0 && text.charCodeAt(i) !== 32 && !isClauseBreak(text.charCodeAt(i))) i--;
    if (end - (i + 1) > 12) continue; // no negator is that long
    if (NEGATORS.has(text.slice(i + 1, end))) return true;
  }
  return false;
}
