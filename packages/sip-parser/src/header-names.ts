// Header names the parser meets on nearly every message, recognised without lower-casing: a lookup by length and
// first character, then a case-insensitive compare. Known names map to one interned lower-case string (so name
// comparisons are pointer compares), and the usual spelling is reused instead of slicing a new string.

/** `[canonical lower-case name, usual spelling]`. The first seven have fixed ids (the `HeaderId` constants). */
const KNOWN: readonly (readonly [string, string])[] = [
  ['via', 'Via'],
  ['from', 'From'],
  ['to', 'To'],
  ['call-id', 'Call-ID'],
  ['cseq', 'CSeq'],
  ['contact', 'Contact'],
  ['content-length', 'Content-Length'],
  ['content-type', 'Content-Type'],
  ['max-forwards', 'Max-Forwards'],
  ['user-agent', 'User-Agent'],
  ['server', 'Server'],
  ['allow', 'Allow'],
  ['supported', 'Supported'],
  ['require', 'Require'],
  ['unsupported', 'Unsupported'],
  ['expires', 'Expires'],
  ['min-expires', 'Min-Expires'],
  ['route', 'Route'],
  ['record-route', 'Record-Route'],
  ['www-authenticate', 'WWW-Authenticate'],
  ['proxy-authenticate', 'Proxy-Authenticate'],
  ['authorization', 'Authorization'],
  ['proxy-authorization', 'Proxy-Authorization'],
  ['accept', 'Accept'],
  ['accept-encoding', 'Accept-Encoding'],
  ['accept-language', 'Accept-Language'],
  ['event', 'Event'],
  ['allow-events', 'Allow-Events'],
  ['subscription-state', 'Subscription-State'],
  ['subject', 'Subject'],
  ['date', 'Date'],
  ['refer-to', 'Refer-To'],
  ['referred-by', 'Referred-By'],
  ['replaces', 'Replaces'],
  ['session-expires', 'Session-Expires'],
  ['min-se', 'Min-SE'],
  ['content-disposition', 'Content-Disposition'],
  ['content-encoding', 'Content-Encoding'],
  ['p-asserted-identity', 'P-Asserted-Identity'],
  ['privacy', 'Privacy'],
  ['reason', 'Reason'],
  ['rseq', 'RSeq'],
  ['rack', 'RAck'],
  ['warning', 'Warning'],
  ['retry-after', 'Retry-After'],
  ['path', 'Path'],
  ['service-route', 'Service-Route'],
  ['timestamp', 'Timestamp'],
  ['organization', 'Organization'],
  ['call-info', 'Call-Info'],
  ['alert-info', 'Alert-Info'],
  ['accept-contact', 'Accept-Contact'],
  ['reject-contact', 'Reject-Contact'],
  ['request-disposition', 'Request-Disposition'],
  ['identity', 'Identity'],
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

/** Ids of the headers the parser validates, as returned by {@link headerNameId}. */
export const HeaderId = { VIA: 0, FROM: 1, TO: 2, CALL_ID: 3, CSEQ: 4, CONTACT: 5, CONTENT_LENGTH: 6 } as const;

/** Per entry: what the name matches (lower-case), its canonical name and its usual spelling. */
const MATCH: string[] = [];
const CANONICAL: string[] = [];
const SPELLED: string[] = [];
/** Names longer than this are never known. */
const MAX_LENGTH = 31;
/** The first entry per `length * 128 + lower-case first character`, -1 for none; then each entry's next one. */
const FIRST = new Int16Array((MAX_LENGTH + 1) * 128).fill(-1);
const NEXT: number[] = [];

function add(match: string, canonical: string, spelled: string): void {
  const key = match.length * 128 + match.charCodeAt(0);
  const entry = MATCH.length;
  MATCH.push(match);
  CANONICAL.push(canonical);
  SPELLED.push(spelled);
  NEXT.push(-1);
  if (FIRST[key] === -1) FIRST[key] = entry;
  else {
    let last = FIRST[key]!;
    while (NEXT[last] !== -1) last = NEXT[last]!;
    NEXT[last] = entry;
  }
}
for (const [lower, spelled] of KNOWN) add(lower, lower, spelled);
for (const [letter, full] of COMPACT) add(letter, full, letter);
const NEXT_ENTRY = Int16Array.from(NEXT);
/** Per entry: its {@link HeaderId}, or -1. */
const IDS = Int8Array.from(CANONICAL, (name) => {
  const id = KNOWN.findIndex(([lower]) => lower === name);
  return id <= HeaderId.CONTENT_LENGTH ? id : -1;
});

/** Whether the last {@link headerEntry} match was spelled exactly as {@link spellingOfEntry} (one parse at a time). */
let exact = false;

/** Whether `s` at `start` holds entry `entry`'s name ignoring ASCII case (only letters fold); sets {@link exact}. */
function matches(s: string, start: number, entry: number): boolean {
  const lower = MATCH[entry]!;
  const spelled = SPELLED[entry]!;
  let same = true;
  for (let k = 0; k < lower.length; k++) {
    const c = s.charCodeAt(start + k);
    const l = lower.charCodeAt(k);
    if (c !== l && ((c ^ 0x20) !== l || l < 0x61)) return false;
    if (c !== spelled.charCodeAt(k)) same = false;
  }
  exact = same;
  return true;
}

/**
 * The entry number of the known header name `s[start, end)` (any case; compact forms included), or -1.
 * Read {@link idOfEntry}, {@link canonicalOfEntry}, {@link spellingOfEntry} and {@link lastEntryExact} from it.
 */
export function headerEntry(s: string, start: number, end: number): number {
  const length = end - start;
  if (length <= 0 || length > MAX_LENGTH) return -1;
  let c0 = s.charCodeAt(start);
  if (c0 >= 0x41 && c0 <= 0x5a) c0 |= 0x20;
  if (c0 >= 128) return -1;
  for (let entry = FIRST[length * 128 + c0]!; entry >= 0; entry = NEXT_ENTRY[entry]!) {
    if (matches(s, start, entry)) return entry;
  }
  return -1;
}

/** Whether the name last found by {@link headerEntry} is spelled as {@link spellingOfEntry} gives it. */
export function lastEntryExact(): boolean {
  return exact;
}

/** The canonical (lower-case, compact forms expanded) name of a {@link headerEntry} result. */
export function canonicalOfEntry(entry: number): string {
  return CANONICAL[entry]!;
}

/** The usual spelling of a {@link headerEntry} result (`'Call-ID'`, or the compact letter in lower case). */
export function spellingOfEntry(entry: number): string {
  return SPELLED[entry]!;
}

/** The {@link HeaderId} of a {@link headerEntry} result (compact forms resolved), or -1 for the other headers. */
export function idOfEntry(entry: number): number {
  return entry < 0 ? -1 : IDS[entry]!;
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
