/** Lead source → a kind that says how much buying intent the channel usually carries. */
import { norm, isPlaceholder } from './text.ts';
import { gated, wordStarts, type GatedRegExp } from './gate.ts';

export const SOURCE_KINDS = [
  'referral', // a friend, an agent or a past buyer sent them
  'direct', // walked into the sales suite, phoned, visited the show home
  'website', // enquiry form on the developer's own site
  'portal', // Rightmove, Zoopla, OnTheMarket …
  'search', // Google/Bing ads and organic search
  'form', // hosted forms (Typeform) and lead forms of unknown origin
  'email', // newsletters and campaigns
  'social', // Facebook, Instagram, TikTok, LinkedIn ads
  'other',
  'unknown',
] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

const TABLE: ReadonlyArray<readonly [RegExp, SourceKind]> = [
  [/\brefer(ral|red)\b|\bword of mouth\b|\bfriend\b|\brecommend/, 'referral'],
  [/\bwalk[- ]?in\b|\bshow ?home\b|\bsales (office|suite|centre|center)\b|\bmarketing suite\b|\bphone\b|\bcall(ed)?\b|\btelephone\b|\bsite visit\b|\bevent\b/, 'direct'],
  [/\bright ?move\b|\bzoopla\b|\bon ?the ?market\b|\bprime ?location\b|\bportal\b|\bboomin\b|\bpurplebricks\b/, 'portal'],
  [/\bface ?book\b|\bfb\b|\binsta(gram)?\b|\bmeta\b|\btik ?tok\b|\blinked ?in\b|\btwitter\b|\bx\.com\b|\bsocial\b|\bpinterest\b|\bsnapchat\b/, 'social'],
  [/\bgoogle\b|\bbing\b|\bppc\b|\bsearch\b|\bseo\b|\badwords\b|\bsem\b|\borganic\b/, 'search'],
  [/\bweb ?site\b|\bweb\b|\bonline enquiry\b|\benquiry form\b|\bcontact form\b|\blanding page\b|\bdirect\b|\bdeveloper site\b|\bhomepage\b/, 'website'],
  [/\btype ?form\b|\bform\b|\bhubspot\b|\bcrm\b/, 'form'],
  [/\be-?mail\b|\bnewsletter\b|\bmailchimp\b|\bcampaign\b/, 'email'],
];

// gated: a row's pattern runs only when the text has a word starting with one of its first letters
const GATED_TABLE: ReadonlyArray<readonly [GatedRegExp, SourceKind]> = TABLE.map(([re, kind]) => [gated(re), kind] as const);

export function parseSource(source: unknown, utm?: Record<string, string> | null): SourceKind {
  let s = norm(source);
  if (isPlaceholder(s) && utm != null) s = norm(utm['utm_source'] ?? utm['source']);
  if (isPlaceholder(s)) return 'unknown';
  const w = wordStarts(s);
  for (let i = 0; i < GATED_TABLE.length; i++) {
    const row = GATED_TABLE[i]!;
    if (row[0].test(s, w)) return row[1];
  }
  return 'other';
}
