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

/**
 * Which of the headers the parser validates `s[start, end)` names (any case, compact forms included): a
 * {@link HeaderId} value, or -1 for any other header. Decided by the length and first letter, then one compare.
 */
export function typedHeaderId(s: string, start: number, end: number): number {
  const c = s.charCodeAt(start) | 0x20;
  switch (end - start) {
    case 1:
      if (c === 0x76) return HeaderId.VIA;
      if (c === 0x66) return HeaderId.FROM;
      if (c === 0x74) return HeaderId.TO;
      if (c === 0x69) return HeaderId.CALL_ID;
      if (c === 0x6c) return HeaderId.CONTENT_LENGTH;
      return -1;
    case 2:
      return c === 0x74 && equalsLower(s, start, 'to') ? HeaderId.TO : -1;
    case 3:
      return c === 0x76 && equalsLower(s, start, 'via') ? HeaderId.VIA : -1;
    case 4:
      if (c === 0x66) return equalsLower(s, start, 'from') ? HeaderId.FROM : -1;
      return c === 0x63 && equalsLower(s, start, 'cseq') ? HeaderId.CSEQ : -1;
    case 7:
      return c === 0x63 && equalsLower(s, start, 'call-id') ? HeaderId.CALL_ID : -1;
    case 14:
      return c === 0x63 && equalsLower(s, start, 'content-length') ? HeaderId.CONTENT_LENGTH : -1;
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
