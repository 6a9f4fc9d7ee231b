import { codesOf, indexWithin, isHostChar, isSchemeChar, isURIChar, URIPart, type CharCodes } from './chars.js';
import { SIPBuildError, SIPParseError } from './errors.js';
import { newParams, paramName, setParam } from './params.js';
import { escapeURI, unescapeURI } from './uri-escape.js';

/**
 * A URI as SIP uses it. For `sip:`/`sips:` every part is read (escapes resolved); for `tel:` the number is `user`
 * and `host` is empty; for any other scheme the text after the colon is `opaque` and `host` is empty.
 * @see RFC 3261 §19.1.1, RFC 3966 §3, RFC 5118 §4
 */
export interface SIPURI {
  /** Lower-case scheme: `'sip'`, `'sips'`, `'tel'`, or any other. */
  readonly scheme: string;
  readonly user?: string;
  readonly password?: string;
  /** Host name or IPv4 address, or an IPv6 reference with its brackets (`'[2001:db8::1]'`); `''` if none. */
  readonly host: string;
  readonly port?: number;
  /** URI parameters by lower-case name; `null` = flag parameter (`;lr`). */
  readonly params: Readonly<Record<string, string | null>>;
  /** URI headers (`?Route=...&Subject=...`), names as written. */
  readonly headers: Readonly<Record<string, string>>;
  /** For schemes other than sip, sips and tel: everything after `scheme:`, verbatim. */
  readonly opaque?: string;
}

function fail(text: string, at: number, detail: string): never {
  throw new SIPParseError('BAD_URI', at, detail, text);
}

/** Whether a URI component of class `part` may hold `c`: unescaped by the class, the `%` of an escape, non-ASCII. */
function isPartChar(c: number, part: number): boolean {
  return c === 0x25 || c >= 0x80 || isURIChar(c, part);
}

function checkPart(text: string, codes: CharCodes, start: number, end: number, part: number, what: string): void {
  for (let i = start; i < end; i++) if (!isPartChar(codes[i]!, part)) fail(text, i, `character not allowed in the URI ${what}`);
}

/** What the last {@link scanHostPort} read: host, port or -1, where the port began (one parse at a time). */
let readHost = '';
let readPort = -1;
let readPortStart = -1;

/**
 * Reads `host [":" port]` from `text` (`codes` its character codes) at `start`, stopping at the first character
 * that cannot continue it (or at `end`), into {@link lastHost} and {@link lastPort}.
 * @returns the index where it stopped; the caller checks that a delimiter is there ({@link hostPortEnded}).
 * @throws {@link SIPParseError} with `code` for an empty host, a bad IPv6 reference, a port of no or more than 5
 *   digits or above 65535 (offsets index `text`).
 * @see RFC 3261 §25.1 hostport, RFC 5118 §4.3 (a port is never read from inside the brackets)
 */
export function scanHostPort(text: string, codes: CharCodes, start: number, end: number, code: 'BAD_URI' | 'BAD_VIA'): number {
  let i = start;
  if (i < end && codes[i] === 0x5b) {
    const close = indexWithin(codes, 0x5d, i, end);
    if (close === -1) throw new SIPParseError(code, i, 'an IPv6 reference has no closing "]"', text);
    for (let k = i + 1; k < close; k++) {
      const c = codes[k]!;
      const hex = (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);
      if (!hex && c !== 0x3a && c !== 0x2e) throw new SIPParseError(code, k, 'character not allowed in an IPv6 reference', text);
    }
    if (close === i + 1) throw new SIPParseError(code, i, 'empty IPv6 reference', text);
    i = close + 1;
  } else {
    while (i < end && isHostChar(codes[i]!)) i++;
    if (i === start) throw new SIPParseError(code, i, 'expected a host name or address', text);
  }
  readHost = text.slice(start, i);
  readPort = -1;
  readPortStart = -1;
  if (i < end && codes[i] === 0x3a) {
    const portStart = ++i;
    let port = 0;
    while (i < end) {
      const c = codes[i]!;
      if (c < 0x30 || c > 0x39) break;
      port = port * 10 + (c - 0x30);
      i++;
    }
    readPortStart = portStart;
    if (i === portStart || i - portStart > 5 || port > 65535) portFailed(text, code);
    readPort = port;
  }
  return i;
}

function portFailed(text: string, code: 'BAD_URI' | 'BAD_VIA'): never {
  throw new SIPParseError(code, readPortStart, 'a port must be 1 to 5 digits, at most 65535 (IPv6 addresses need [ ])', text);
}

/**
 * Refuses what follows a {@link scanHostPort} that stopped at `at`, a character that may not end a hostport.
 * @throws {@link SIPParseError} with `code`: a bad port when one was read, else an unexpected character.
 */
export function hostPortEnded(text: string, at: number, code: 'BAD_URI' | 'BAD_VIA'): never {
  if (readPortStart >= 0) portFailed(text, code);
  throw new SIPParseError(code, at, 'unexpected character after the host', text);
}

/**
 * Reads `host [":" port]` from `text[start, end)`.
 * @returns the host (IPv6 references with brackets) and port.
 * @throws {@link SIPParseError} `BAD_URI` (or `code`) for an empty host, an unbracketed IPv6 address, a bad port.
 * @see RFC 3261 §25.1 hostport, RFC 5118 §4.3
 */
export function parseHostPort(text: string, start: number, end: number, code: 'BAD_URI' | 'BAD_VIA' = 'BAD_URI'): { host: string; port?: number } {
  const stop = scanHostPort(text, codesOf(text), start, end, code);
  if (stop !== end) hostPortEnded(text, stop, code);
  return readPort < 0 ? { host: readHost } : { host: readHost, port: readPort };
}

/** The host read by the last {@link scanHostPort}. */
export function lastHost(): string {
  return readHost;
}

/** The port read by the last {@link scanHostPort}, or -1 when there was none. */
export function lastPort(): number {
  return readPort;
}

/** Reads `*(";" name ["=" value])` at `i` into `params`; returns where it stopped (`end`, `?`, or another character). */
function readURIParams(text: string, codes: CharCodes, i: number, end: number, params: Record<string, string | null>): number {
  while (i < end && codes[i] === 0x3b) {
    let j = i + 1;
    let eq = -1;
    let escaped = false;
    let bad = -1;
    while (j < end) {
      const c = codes[j]!;
      if (c === 0x3b || c === 0x3f) break;
      if (c === 0x3d && eq === -1) eq = j;
      else if (c === 0x25) escaped = true;
      else if (bad === -1 && c < 0x80 && !isURIChar(c, URIPart.PARAM)) bad = j;
      j++;
    }
    const nameEnd = eq === -1 ? j : eq;
    if (nameEnd === i + 1) fail(text, i + 1, 'empty URI parameter name');
    if (bad !== -1) fail(text, bad, 'character not allowed in the URI parameters');
    const name = escaped ? unescapeURI(text, i + 1, nameEnd).toLowerCase() : paramName(text, codes, i + 1, nameEnd);
    let value: string | null = null;
    if (eq !== -1) value = escaped ? unescapeURI(text, eq + 1, j) : text.slice(eq + 1, j);
    setParam(params, name, value);
    i = j;
  }
  return i;
}

function parseURIHeaders(text: string, codes: CharCodes, i: number, end: number): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let start = i; start < end; ) {
    let amp = start;
    let eq = -1;
    while (amp < end && codes[amp] !== 0x26) {
      if (eq === -1 && codes[amp] === 0x3d) eq = amp;
      amp++;
    }
    if (eq === -1 || eq === start) fail(text, start, 'a URI header must be name=value');
    checkPart(text, codes, start, eq, URIPart.HVALUE, 'headers');
    checkPart(text, codes, eq + 1, amp, URIPart.HVALUE, 'headers');
    setParam(headers, unescapeURI(text, start, eq), unescapeURI(text, eq + 1, amp));
    start = amp + 1;
  }
  return headers;
}

/** The URI `headers` of a URI without any: one shared frozen object. */
const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});
/** The `params` of a SIP URI without any (most From, To and Request-URIs): one shared frozen object. */
const NO_PARAMS: Record<string, string | null> = Object.freeze({});

/**
 * Parses a URI: sip/sips fully (user, password, host, IPv6 references, port, parameters, headers, `%` escapes),
 * tel (number and parameters), any other scheme as opaque text.
 * @param text - the URI, without angle brackets.
 * @returns the URI, escapes resolved once.
 * @throws {@link SIPParseError} `BAD_URI` for a missing scheme, whitespace or brackets, a bad host or port.
 * @example parseURI('sip:alice@[2001:db8::1]:5070;transport=tcp').port // 5070
 * @see RFC 3261 §19.1.1, §25.1; RFC 3966 §3; RFC 5118 §4
 */
export function parseURI(text: string): SIPURI {
  return readURI(text, codesOf(text), 0, text.length);
}

/**
 * {@link parseURI} of `text[start, end)` (`codes` its character codes), without copying it out first.
 * @throws {@link SIPParseError} `BAD_URI`, its offset indexing `text`.
 */
export function readURI(text: string, codes: CharCodes, start: number, end: number): SIPURI {
  if (end - start > 4 && codes[start + 3] === 0x3a && isSIP(codes, start)) return readSIPURI(text, codes, 'sip', start + 4, end);
  let i = start;
  const c0 = start < end ? codes[start]! : 0;
  if (!((c0 | 0x20) >= 0x61 && (c0 | 0x20) <= 0x7a)) fail(text, start, 'a URI must start with a scheme');
  while (i < end && isSchemeChar(codes[i]!)) i++;
  if (i === end || codes[i] !== 0x3a) fail(text, i, 'expected ":" after the URI scheme');
  const scheme = schemeName(text, codes, start, i);
  const rest = i + 1;
  if (rest === end) fail(text, rest, 'nothing after the URI scheme');
  if (scheme === 'sip' || scheme === 'sips') return readSIPURI(text, codes, scheme, rest, end);
  for (let k = rest; k < end; k++) {
    const c = codes[k]!;
    if (c <= 0x20 || c === 0x7f || c === 0x3c || c === 0x3e || c === 0x22) fail(text, k, 'character not allowed in a URI');
  }
  if (scheme === 'tel') {
    let j = rest;
    while (j < end && codes[j] !== 0x3b) j++;
    const params = newParams();
    const stop = readURIParams(text, codes, j, end, params);
    if (stop !== end) fail(text, stop, 'unexpected character in tel URI parameters');
    return { scheme, user: text.slice(rest, j), host: '', params, headers: NO_HEADERS };
  }
  return { scheme, host: '', params: newParams(), headers: NO_HEADERS, opaque: text.slice(rest, end) };
}

/** Whether `codes` holds `sip` (any case) at `i`. */
function isSIP(codes: CharCodes, i: number): boolean {
  return (codes[i]! | 0x20) === 0x73 && (codes[i + 1]! | 0x20) === 0x69 && (codes[i + 2]! | 0x20) === 0x70;
}

/** The lower-case scheme `text[start, end)`, interned for sip, sips and tel. */
function schemeName(text: string, codes: CharCodes, start: number, end: number): string {
  const n = end - start;
  if (n === 3 || n === 4) {
    const s = codes[start]! | 0x20;
    const a = codes[start + 1]! | 0x20;
    const b = codes[start + 2]! | 0x20;
    if (s === 0x73 && a === 0x69 && b === 0x70) {
      if (n === 3) return 'sip';
      if ((codes[start + 3]! | 0x20) === 0x73) return 'sips';
    } else if (n === 3 && s === 0x74 && a === 0x65 && b === 0x6c) return 'tel';
  }
  return text.slice(start, end).toLowerCase();
}

/** A user or password `text[start, end)`, escapes resolved. */
function userPart(text: string, codes: CharCodes, start: number, end: number): string {
  return indexWithin(codes, 0x25, start, end) === -1 ? text.slice(start, end) : unescapeURI(text, start, end);
}

/**
 * The URI of a {@link readSIPURI}, its optional fields present only when read, in the interface's order (one object
 * literal per shape, so no field is added to a built object).
 */
function sipURI(
  scheme: string,
  user: string | undefined,
  password: string | undefined,
  host: string,
  port: number,
  params: SIPURI['params'],
  headers: SIPURI['headers'],
): SIPURI {
  if (user === undefined) return port < 0 ? { scheme, host, params, headers } : { scheme, host, port, params, headers };
  if (password === undefined) return port < 0 ? { scheme, user, host, params, headers } : { scheme, user, host, port, params, headers };
  return port < 0 ? { scheme, user, password, host, params, headers } : { scheme, user, password, host, port, params, headers };
}

/**
 * `sip:`/`sips:` after the scheme, `text[start, end)`. The userinfo is read in one pass: user characters up to
 * `@`, or up to `:` and password characters up to `@`; stopping anywhere else means there is none, unless an `@`
 * follows, which makes the character where it stopped the error.
 */
function readSIPURI(text: string, codes: CharCodes, scheme: string, start: number, end: number): SIPURI {
  let user: string | undefined;
  let password: string | undefined;
  let i = start;
  let k = start;
  while (k < end && isPartChar(codes[k]!, URIPart.USER)) k++;
  const stop = k < end ? codes[k]! : 0;
  if (stop === 0x40) {
    if (k === start) fail(text, start, 'empty user part before "@"');
    user = userPart(text, codes, start, k);
    i = k + 1;
  } else if (stop === 0x3a) {
    let p = k + 1;
    while (p < end && isPartChar(codes[p]!, URIPart.PASSWORD)) p++;
    const at = p < end && codes[p] === 0x40 ? p : indexWithin(codes, 0x40, p, end);
    if (at !== -1) {
      if (k === start) fail(text, start, 'empty user part before "@"');
      if (at !== p) fail(text, p, 'character not allowed in the URI password');
      user = userPart(text, codes, start, k);
      password = userPart(text, codes, k + 1, p);
      i = p + 1;
    }
  } else if (indexWithin(codes, 0x40, k, end) !== -1) {
    fail(text, k, 'character not allowed in the URI user part');
  }
  const hostEnd = scanHostPort(text, codes, i, end, 'BAD_URI');
  if (hostEnd < end) {
    const c = codes[hostEnd]!;
    if (c !== 0x3b && c !== 0x3f) hostPortEnded(text, hostEnd, 'BAD_URI');
  }
  const host = readHost;
  const port = readPort;
  // readURIParams writes only when a ";" follows, so a URI without parameters can share NO_PARAMS
  const params = hostEnd < end && codes[hostEnd] === 0x3b ? newParams() : NO_PARAMS;
  const paramsEnd = readURIParams(text, codes, hostEnd, end, params);
  let headers = NO_HEADERS;
  if (paramsEnd < end) {
    if (codes[paramsEnd] !== 0x3f) fail(text, paramsEnd, 'unexpected character in the URI');
    headers = parseURIHeaders(text, codes, paramsEnd + 1, end);
  }
  return sipURI(scheme, user, password, host, port, params, headers);
}

const SCHEME = /^[a-z][a-z0-9+.-]*$/i;
const TEL_FORBIDDEN = /[\s;<>"]/;
const OPAQUE_FORBIDDEN = /[\s<>"]/;

function checkHost(host: string): void {
  if (host.length === 0) throw new SIPBuildError('BAD_URI', 'a SIP URI needs a host', host);
  try {
    parseHostPort(host, 0, host.length);
  } catch {
    throw new SIPBuildError('BAD_URI', 'not a host name, IPv4 address or bracketed IPv6 address', host);
  }
}

/**
 * Writes a URI. Components are escaped where their characters require it, so `parseURI(serializeURI(u))` equals `u`.
 * @param uri - the URI.
 * @returns its text, without angle brackets.
 * @throws {@link SIPBuildError} `BAD_URI` for a bad scheme or host, a port outside 0-65535, an opaque part with
 *   whitespace.
 * @see RFC 3261 §19.1.1
 */
export function serializeURI(uri: SIPURI): string {
  const scheme = uri.scheme;
  if (scheme.length === 0 || !SCHEME.test(scheme)) throw new SIPBuildError('BAD_URI', 'not a URI scheme', scheme);
  let out = `${scheme}:`;
  if (scheme === 'sip' || scheme === 'sips') {
    if (uri.user !== undefined) {
      out += escapeURI(uri.user, URIPart.USER);
      if (uri.password !== undefined) out += `:${escapeURI(uri.password, URIPart.PASSWORD)}`;
      out += '@';
    }
    checkHost(uri.host);
    out += uri.host;
    if (uri.port !== undefined) {
      if (!Number.isInteger(uri.port) || uri.port < 0 || uri.port > 65535) throw new SIPBuildError('BAD_URI', 'port outside 0-65535', String(uri.port));
      out += `:${uri.port}`;
    }
  } else if (scheme === 'tel') {
    const number = uri.user ?? '';
    if (number.length === 0 || TEL_FORBIDDEN.test(number)) throw new SIPBuildError('BAD_URI', 'a tel URI needs a number without ";" or whitespace', number);
    out += number;
  } else {
    const opaque = uri.opaque ?? '';
    if (opaque.length === 0 || OPAQUE_FORBIDDEN.test(opaque)) throw new SIPBuildError('BAD_URI', 'opaque URI text must be non-empty, without whitespace, <, > or "', opaque);
    return out + opaque;
  }
  for (const name in uri.params) {
    const value = uri.params[name];
    if (name.length === 0) throw new SIPBuildError('BAD_URI', 'empty URI parameter name', name);
    out += `;${escapeURI(name, URIPart.PARAM)}`;
    if (value !== null && value !== undefined) out += `=${escapeURI(value, URIPart.PARAM)}`;
  }
  let sep = '?';
  if (scheme !== 'tel') {
    for (const name in uri.headers) {
      if (name.length === 0) throw new SIPBuildError('BAD_URI', 'empty URI header name', name);
      out += `${sep}${escapeURI(name, URIPart.HVALUE)}=${escapeURI(uri.headers[name] ?? '', URIPart.HVALUE)}`;
      sep = '&';
    }
  }
  return out;
}
