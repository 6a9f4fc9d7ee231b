import { isWS } from './chars.js';
import { parseAuthChallenges, type DigestChallenge } from './auth.js';
import { parseCSeq, type CSeq } from './cseq.js';
import { SIPParseError } from './errors.js';
import { getHeader, getHeaderList, getHeaders } from './headers.js';
import { cacheFor, cached } from './message-cache.js';
import { parseNameAddr, type NameAddr } from './name-addr.js';
import type { SIPMessage, SIPRequest } from './sip-message.js';
import { parseURI, type SIPURI } from './uri.js';
import { parseVia, type Via } from './via.js';

function required(m: SIPMessage, name: string): string {
  const value = getHeader(m, name);
  if (value === undefined) throw new SIPParseError('MISSING_HEADER', 0, `the message has no ${name} header`, name);
  return value;
}

function readVias(m: SIPMessage): Via[] {
  const items = getHeaderList(m, 'via');
  const vias = new Array<Via>(items.length);
  for (let i = 0; i < items.length; i++) vias[i] = i === 0 ? getTopVia(m) : parseVia(items[i]!);
  return vias;
}
function readTopVia(m: SIPMessage): Via {
  const items = getHeaderList(m, 'via');
  if (items.length === 0) throw new SIPParseError('MISSING_HEADER', 0, 'the message has no Via header', 'Via');
  return parseVia(items[0]!);
}
function readCallId(m: SIPMessage): string {
  return required(m, 'Call-ID');
}
function readFrom(m: SIPMessage): NameAddr {
  return parseNameAddr(required(m, 'From'));
}
function readTo(m: SIPMessage): NameAddr {
  return parseNameAddr(required(m, 'To'));
}
function readCSeq(m: SIPMessage): CSeq {
  return parseCSeq(required(m, 'CSeq'));
}
function readContacts(m: SIPMessage): NameAddr[] {
  const items = getHeaderList(m, 'contact');
  if (items.length === 1 && items[0] === '*') return [];
  if (items.includes('*')) throw new SIPParseError('BAD_NAME_ADDR', 0, 'Contact "*" cannot be combined with other contacts', items.join(', '));
  return items.map(parseNameAddr);
}
function readRecordRoutes(m: SIPMessage): NameAddr[] {
  return getHeaderList(m, 'record-route').map(parseNameAddr);
}
function readRoutes(m: SIPMessage): NameAddr[] {
  return getHeaderList(m, 'route').map(parseNameAddr);
}
function readRequestURI(m: SIPMessage): SIPURI {
  return parseURI((m as SIPRequest).uri);
}

/**
 * Every Via value, top first, across all Via lines and comma lists. Parsed once per message object.
 * @param m - the message.
 * @returns the Vias (`[]` when there are none).
 * @throws {@link SIPParseError} `BAD_VIA`.
 * @see RFC 3261 §20.42
 */
export function getVias(m: SIPMessage): Via[] {
  return cached(m, 'via', readVias);
}

/**
 * The topmost Via: the one that names this hop and the transaction (`params.branch`).
 * @param m - the message.
 * @returns the top Via.
 * @throws {@link SIPParseError} `MISSING_HEADER` when there is no Via, `BAD_VIA`.
 * @see RFC 3261 §8.1.1.7, §17.2.3
 */
export function getTopVia(m: SIPMessage): Via {
  const cache = cacheFor(m);
  return cache.topVia ?? (cache.topVia = readTopVia(m));
}

/**
 * The From value (tag in `params.tag`).
 * @param m - the message.
 * @returns the name-addr.
 * @throws {@link SIPParseError} `MISSING_HEADER`, `BAD_NAME_ADDR`, `BAD_URI`.
 * @see RFC 3261 §20.20
 */
export function getFrom(m: SIPMessage): NameAddr {
  const cache = cacheFor(m);
  return cache.from ?? (cache.from = readFrom(m));
}

/**
 * The To value (tag in `params.tag`, absent outside a dialog).
 * @param m - the message.
 * @returns the name-addr.
 * @throws {@link SIPParseError} `MISSING_HEADER`, `BAD_NAME_ADDR`, `BAD_URI`.
 * @see RFC 3261 §20.39
 */
export function getTo(m: SIPMessage): NameAddr {
  const cache = cacheFor(m);
  return cache.to ?? (cache.to = readTo(m));
}

/**
 * The Call-ID.
 * @param m - the message.
 * @returns the Call-ID text.
 * @throws {@link SIPParseError} `MISSING_HEADER`.
 * @see RFC 3261 §20.8
 */
export function getCallId(m: SIPMessage): string {
  const cache = cacheFor(m);
  return cache.callId ?? (cache.callId = readCallId(m));
}

/**
 * The CSeq number and method.
 * @param m - the message.
 * @returns the CSeq.
 * @throws {@link SIPParseError} `MISSING_HEADER`, `BAD_CSEQ`.
 * @see RFC 3261 §20.16
 */
export function getCSeq(m: SIPMessage): CSeq {
  const cache = cacheFor(m);
  return cache.cseq ?? (cache.cseq = readCSeq(m));
}

/**
 * Every Contact value, in order; `[]` when there is none or for the REGISTER wildcard `*` (see
 * {@link isWildcardContact}).
 * @param m - the message.
 * @returns the name-addrs (`params.expires`, `params.q` as text).
 * @throws {@link SIPParseError} `BAD_NAME_ADDR`, `BAD_URI`.
 * @see RFC 3261 §20.10
 */
export function getContacts(m: SIPMessage): NameAddr[] {
  const cache = cacheFor(m);
  return cache.contacts ?? (cache.contacts = readContacts(m));
}

/**
 * Whether the Contact is the `*` of a REGISTER that removes all bindings.
 * @param m - the message.
 * @returns true for `Contact: *`.
 * @see RFC 3261 §10.2.2
 */
export function isWildcardContact(m: SIPMessage): boolean {
  const items = getHeaderList(m, 'contact');
  return items.length === 1 && items[0] === '*';
}

/**
 * Every Record-Route value, top first.
 * @param m - the message.
 * @returns the name-addrs.
 * @throws {@link SIPParseError} `BAD_NAME_ADDR`, `BAD_URI`.
 * @see RFC 3261 §20.30, §12.1
 */
export function getRecordRoutes(m: SIPMessage): NameAddr[] {
  return cached(m, 'record-route', readRecordRoutes);
}

/**
 * Every Route value, top first.
 * @param m - the message.
 * @returns the name-addrs.
 * @throws {@link SIPParseError} `BAD_NAME_ADDR`, `BAD_URI`.
 * @see RFC 3261 §20.34
 */
export function getRoutes(m: SIPMessage): NameAddr[] {
  return cached(m, 'route', readRoutes);
}

/**
 * The Request-URI of a request, parsed.
 * @param m - the request.
 * @returns the URI.
 * @throws {@link SIPParseError} `BAD_URI`.
 * @see RFC 3261 §7.1, §19.1
 */
export function getRequestURI(m: SIPRequest): SIPURI {
  const cache = cacheFor(m);
  return cache.ruri ?? (cache.ruri = readRequestURI(m));
}

function readNumber(m: SIPMessage, name: string, max: number, clamp: boolean): number | undefined {
  const value = getHeader(m, name);
  if (value === undefined) return undefined;
  let n = 0;
  let i = 0;
  while (i < value.length && !isWS(value.charCodeAt(i))) {
    const c = value.charCodeAt(i);
    if (c < 0x30 || c > 0x39) break;
    n = Math.min(n * 10 + (c - 0x30), max + 1);
    i++;
  }
  if (i === 0 || i !== value.length) throw new SIPParseError('BAD_NUMBER', i, `${name} must be a decimal number`, value);
  if (n > max) {
    if (clamp) return max;
    throw new SIPParseError('BAD_NUMBER', 0, `${name} is larger than ${max}`, value);
  }
  return n;
}

/**
 * Max-Forwards as a number (leading zeros allowed: `0068` is 68).
 * @param m - the message.
 * @returns 0-255, or undefined when absent.
 * @throws {@link SIPParseError} `BAD_NUMBER` for non-digits or a value above 255.
 * @see RFC 3261 §20.22
 */
export function getMaxForwards(m: SIPMessage): number | undefined {
  return readNumber(m, 'Max-Forwards', 255, false);
}

/**
 * Expires in seconds. Values above 2^32-1 read as 2^32-1.
 * @param m - the message.
 * @returns the number, or undefined when absent.
 * @throws {@link SIPParseError} `BAD_NUMBER` for anything but digits.
 * @see RFC 3261 §20.19
 */
export function getExpires(m: SIPMessage): number | undefined {
  return readNumber(m, 'Expires', 0xffffffff, true);
}

/**
 * The Content-Type value as written (media type and parameters), e.g. `application/sdp`.
 * @param m - the message.
 * @returns the value, or undefined when absent.
 * @see RFC 3261 §20.15
 */
export function getContentType(m: SIPMessage): string | undefined {
  return getHeader(m, 'Content-Type');
}

/**
 * Every challenge in the WWW-Authenticate or Proxy-Authenticate fields, in order.
 * @param m - a 401 or 407 response.
 * @param header - which header to read.
 * @returns the challenges (`[]` when there are none).
 * @throws {@link SIPParseError} `BAD_AUTH`.
 * @see RFC 3261 §22.2, §22.3
 */
export function getAuthChallenges(m: SIPMessage, header: 'WWW-Authenticate' | 'Proxy-Authenticate'): DigestChallenge[] {
  return cached(m, header.toLowerCase(), (msg) => getHeaders(msg, header).flatMap(parseAuthChallenges));
}
