/**
 * Input normalisation shared by every path that takes text from outside (API bodies, inbound
 * webhooks, Typeform answers, imports) and by the scoring engine itself: characters nobody can
 * see are removed and the text is put in Unicode NFC, so "a@b.com" followed by a pasted
 * zero-width space is "a@b.com", and "é" typed two ways is one string.
 */

/**
 * Zero-width and formatting characters: soft hyphen, Mongolian vowel separator, zero-width
 * space/joiners, left-to-right and right-to-left marks and embeddings, word joiner and invisible
 * operators, BOM. One character class: matching is linear in the text.
 */
const INVISIBLE_RE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/g;

/** True when every code unit is ASCII: nothing to remove and NFC changes nothing. */
function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

/** Invisible characters removed, Unicode NFC. ASCII text comes back as it is, without a copy. */
export function cleanText(s: string): string {
  if (isAscii(s)) return s;
  return s.replace(INVISIBLE_RE, '').normalize('NFC');
}

/** `cleanText`, then surrounding whitespace trimmed: what a field value means. */
export function cleanField(s: string): string {
  return cleanText(s).trim();
}

/**
 * Every string value in a parsed JSON body cleaned with `cleanField`, in place (object keys are
 * left alone). Walks without recursion, so hostile nesting cannot overflow the stack.
 */
export function cleanStringsInPlace(root: unknown): void {
  if (typeof root !== 'object' || root === null) return;
  const stack: object[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()! as Record<string, unknown> | unknown[];
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const v = node[i];
        if (typeof v === 'string') node[i] = cleanField(v);
        else if (typeof v === 'object' && v !== null) stack.push(v);
      }
    } else {
      for (const k of Object.keys(node)) {
        const v = node[k];
        if (typeof v === 'string') node[k] = cleanField(v);
        else if (typeof v === 'object' && v !== null) stack.push(v);
      }
    }
  }
}
