import type { CharCodes } from './chars.js';

// Header names recognised without lower-casing: a lookup by length and first character, then a case-insensitive
// compare. Known names map to one interned lower-case string, so name comparisons are pointer compares.

/** Canonical (lower-case) names of common headers. */
const KNOWN: readonly string[] = [
  'via',
  'from',
  'to',
  'call-id',
  'cseq',
  'contact',
  'content-length',
  'content-type',
  'max-forwards',
  'user-agent',
  'server',
  'allow',
  'supported',
  'require',
  'unsupported',
  'expires',
  'min-expires',
  'route',
  'record-route',
  'www-authenticate',
  'proxy-authenticate',
  'authorization',
  'proxy-authorization',
  'accept',
  'accept-encoding',
  'accept-language',
  'event',
  'allow-events',
  'subscription-state',
  'subject',
  'date',
  'refer-to',
  'referred-by',
  'replaces',
  'session-expires',
  'min-se',
  'content-disposition',
  'content-encoding',
  'p-asserted-identity',
  'privacy',
  'reason',
  'rseq',
  'rack',
  'warning',
  'retry-after',
  'path',
  'service-route',
  'timestamp',
  'organization',
  'call-info',
  'alert-info',
  'accept-contact',
  'reject-contact',
  'request-disposition',
  'identity',
];

/**
 * Compact header forms and their full names (lower-case).
 * @see RFC 3261 §7.3.3, §20; IANA "Header Fields" registry (compact forms of RFC 3265, 3515, 3892, 3841, 4028, 4474)
 */
const COMPACT: readonly (readonly [string, string])[] = [
  ['a', 'accept-contact'],
  ['b', 'referred-by'],
  ['c', 'content-type'],
  ['d', 'request-disposition'],
  ['e', 'content-encoding'],
  ['f', 'from'],
  ['i', 'call-id'],
  ['j', 'reject-contact'],
  ['k', 'supported'],
  ['l', 'content-length'],
  ['m', 'contact'],
  ['o', 'event'],
  ['r', 'refer-to'],
  ['s', 'subject'],
  ['t', 'to'],
  ['u', 'allow-events'],
  ['v', 'via'],
  ['x', 'session-expires'],
  ['y', 'identity'],
];

/** Ids of the headers the parser validates, as returned by {@link typedHeaderId}. */
export const HeaderId = { VIA: 0, FROM: 1, TO: 2, CALL_ID: 3, CSEQ: 4, CONTENT_LENGTH: 5 } as const;

/** Per entry: what the name matches (lower-case) and its canonical name. */
const MATCH: string[] = [];
const CANONICAL: string[] = [];
/** Names longer than this are never known. */
const MAX_LENGTH = 31;
/** The first entry per `length * 128 + lower-case first character`, -1 for none; then each entry's next one. */
const FIRST = new Int16Array((MAX_LENGTH + 1) * 128).fill(-1);
const NEXT: number[] = [];

function add(match: string, canonical: string): void {
  const key = match.length * 128 + match.charCodeAt(0);
  const entry = MATCH.length;
  MATCH.push(match);
  CANONICAL.push(canonical);
  NEXT.push(-1);
  if (FIRST[key] === -1) FIRST[key] = entry;
  else {
    let last = FIRST[key]!;
    while (NEXT[last] !== -1) last = NEXT[last]!;
    NEXT[last] = entry;
  }
}
for (const lower of KNOWN) add(lower, lower);
for (const [letter, full] of COMPACT) add(letter, full);
const NEXT_ENTRY = Int16Array.from(NEXT);

/** Whether `s` at `start` holds `lower` ignoring ASCII case (only letters fold). */
function equalsLower(s: string, start: number, lower: string): boolean {
  for (let k = 0; k < lower.length; k++) {
    const c = s.charCodeAt(start + k);
    const l = lower.charCodeAt(k);
    if (c !== l && ((c ^ 0x20) !== l || l < 0x61)) return false;
  }
  return true;
}

/** The entry of the known header name `s[start, end)` (any case; compact forms included), or -1. */
function headerEntry(s: string, start: number, end: number): number {
  const length = end - start;
  if (length <= 0 || length > MAX_LENGTH) return -1;
  let c0 = s.charCodeAt(start);
  if (c0 >= 0x41 && c0 <= 0x5a) c0 |= 0x20;
  if (c0 >= 128) return -1;
  for (let entry = FIRST[length * 128 + c0]!; entry >= 0; entry = NEXT_ENTRY[entry]!) {
    if (equalsLower(s, start, MATCH[entry]!)) return entry;
  }
  return -1;
}

/** The lower-case names the parser validates, as character codes. */
const LOWER_TO = Buffer.from('to', 'latin1');
const LOWER_VIA = Buffer.from('via', 'latin1');
const LOWER_FROM = Buffer.from('from', 'latin1');
const LOWER_CSEQ = Buffer.from('cseq', 'latin1');
const LOWER_CALL_ID = Buffer.from('call-id', 'latin1');
const LOWER_CONTENT_LENGTH = Buffer.from('content-length', 'latin1');

/**
 * Whether the token characters `codes[start, start + lower.length)` spell `lower` in any case. On token characters
 * OR 0x20 folds exactly the capital letters, and leaves `-` as it is.
 */
function tokenEquals(codes: CharCodes, start: number, lower: Uint8Array): boolean {
  for (let k = 0; k < lower.length; k++) if ((codes[start + k]! | 0x20) !== lower[k]) return false;
  return true;
}

/**
 * Which of the headers the parser validates the token characters `codes[start, end)` name (any case, compact forms
 * included): a {@link HeaderId} value, or -1 for any other header. Decided by the length and first letter, then one
 * compare.
 */
export function typedHeaderId(codes: CharCodes, start: number, end: number): number {
  const c = codes[start]! | 0x20;
  switch (end - start) {
    case 1:
      if (c === 0x76) return HeaderId.VIA;
      if (c === 0x66) return HeaderId.FROM;
      if (c === 0x74) return HeaderId.TO;
      if (c === 0x69) return HeaderId.CALL_ID;
      if (c === 0x6c) return HeaderId.CONTENT_LENGTH;
      return -1;
    case 2:
      return c === 0x74 && tokenEquals(codes, start, LOWER_TO) ? HeaderId.TO : -1;
    case 3:
      return c === 0x76 && tokenEquals(codes, start, LOWER_VIA) ? HeaderId.VIA : -1;
    case 4:
      if (c === 0x66) return tokenEquals(codes, start, LOWER_FROM) ? HeaderId.FROM : -1;
      return c === 0x63 && tokenEquals(codes, start, LOWER_CSEQ) ? HeaderId.CSEQ : -1;
    case 7:
      return c === 0x63 && tokenEquals(codes, start, LOWER_CALL_ID) ? HeaderId.CALL_ID : -1;
    case 14:
      return c === 0x63 && tokenEquals(codes, start, LOWER_CONTENT_LENGTH) ? HeaderId.CONTENT_LENGTH : -1;
    default:
      return -1;
  }
}

/**
 * The name headers are compared by: lower-case, compact forms expanded (`'V'` and `'VIA'` both give `'via'`).
 * @param name - a header name as written.
 * @returns its canonical lower-case name.
 * @see RFC 3261 §7.3.1 (names are case-insensitive), §7.3.3 (compact forms)
 */
export function canonicalHeaderName(name: string): string {
  const entry = headerEntry(name, 0, name.length);
  return entry >= 0 ? CANONICAL[entry]! : name.toLowerCase();
}
