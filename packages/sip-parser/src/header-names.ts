/**
 * Compact header forms and their full names (lower-case).
 * @see RFC 3261 §7.3.3, §20; IANA "Header Fields" registry (compact forms of RFC 3265, 3515, 3892, 3841, 4028, 4474)
 */
const COMPACT: Readonly<Record<string, string>> = {
  a: 'accept-contact',
  b: 'referred-by',
  c: 'content-type',
  d: 'request-disposition',
  e: 'content-encoding',
  f: 'from',
  i: 'call-id',
  j: 'reject-contact',
  k: 'supported',
  l: 'content-length',
  m: 'contact',
  o: 'event',
  r: 'refer-to',
  s: 'subject',
  t: 'to',
  u: 'allow-events',
  v: 'via',
  x: 'session-expires',
  y: 'identity',
};

/**
 * The name headers are compared by: lower-case, compact forms expanded (`'V'` and `'VIA'` both give `'via'`).
 * @param name - a header name as written.
 * @returns its canonical lower-case name.
 * @see RFC 3261 §7.3.1 (names are case-insensitive), §7.3.3 (compact forms)
 */
export function canonicalHeaderName(name: string): string {
  const lower = name.toLowerCase();
  if (lower.length === 1) return COMPACT[lower] ?? lower;
  return lower;
}
