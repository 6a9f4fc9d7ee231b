import { isSchemeChar, isURIChar, URIPart } from './chars.js';
import { SIPBuildError, SIPParseError } from './errors.js';
import { newParams, setParam } from './params.js';
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

function checkPart(text: string, start: number, end: number, part: number, what: string): void {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x25 && c < 0x80 && !isURIChar(c, part)) fail(text, i, `character not allowed in the URI ${what}`);
  }
}

function isHostChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e || c === 0x5f;
}

/**
 * Reads `host [":" port]` from `text[start, end)`.
 * @returns the host (IPv6 references with brackets) and port.
 * @throws {@link SIPParseError} `BAD_URI` for an empty host, an unbracketed IPv6 address, a bad port.
 * @see RFC 3261 §25.1 hostport, RFC 5118 §4.3 (a port is never read from inside the brackets)
 */
export function parseHostPort(text: string, start: number, end: number, code: 'BAD_URI' | 'BAD_VIA' = 'BAD_URI'): { host: string; port?: number } {
  let i = start;
  if (text.charCodeAt(i) === 0x5b) {
    const close = text.indexOf(']', i);
    if (close === -1 || close >= end) throw new SIPParseError(code, i, 'an IPv6 reference has no closing "]"', text);
    for (let k = i + 1; k < close; k++) {
      const c = text.charCodeAt(k);
      const hex = (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);
      if (!hex && c !== 0x3a && c !== 0x2e) throw new SIPParseError(code, k, 'character not allowed in an IPv6 reference', text);
    }
    if (close === i + 1) throw new SIPParseError(code, i, 'empty IPv6 reference', text);
    i = close + 1;
  } else {
    while (i < end && isHostChar(text.charCodeAt(i))) i++;
    if (i === start) throw new SIPParseError(code, i, 'expected a host name or address', text);
  }
  const host = text.slice(start, i);
  if (i === end) return { host };
  if (text.charCodeAt(i) !== 0x3a) throw new SIPParseError(code, i, 'unexpected character after the host', text);
  const portStart = ++i;
  let port = 0;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) break;
    port = port * 10 + (c - 0x30);
    i++;
  }
  if (i !== end || i === portStart || i - portStart > 5 || port > 65535) {
    throw new SIPParseError(code, portStart, 'a port must be 1 to 5 digits, at most 65535 (IPv6 addresses need [ ])', text);
  }
  return { host, port };
}

function parseURIParams(text: string, i: number, end: number): { params: Record<string, string | null>; end: number } {
  const params = newParams();
  while (i < end && text.charCodeAt(i) === 0x3b) {
    let j = i + 1;
    let eq = -1;
    while (j < end) {
      const c = text.charCodeAt(j);
      if (c === 0x3b || c === 0x3f) break;
      if (c === 0x3d && eq === -1) eq = j;
      j++;
    }
    const hasValue = eq !== -1;
    const nameEnd = hasValue ? eq : j;
    if (nameEnd === i + 1) fail(text, i + 1, 'empty URI parameter name');
    checkPart(text, i + 1, nameEnd, URIPart.PARAM, 'parameters');
    if (hasValue) checkPart(text, eq + 1, j, URIPart.PARAM, 'parameters');
    const name = unescapeURI(text, i + 1, nameEnd).toLowerCase();
    setParam(params, name, hasValue ? unescapeURI(text, eq + 1, j) : null);
    i = j;
  }
  return { params, end: i };
}

function parseURIHeaders(text: string, i: number, end: number): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let start = i; start < end; ) {
    let amp = start;
    let eq = -1;
    while (amp < end && text.charCodeAt(amp) !== 0x26) {
      if (eq === -1 && text.charCodeAt(amp) === 0x3d) eq = amp;
      amp++;
    }
    if (eq === -1 || eq === start) fail(text, start, 'a URI header must be name=value');
    checkPart(text, start, eq, URIPart.HVALUE, 'headers');
    checkPart(text, eq + 1, amp, URIPart.HVALUE, 'headers');
    setParam(headers, unescapeURI(text, start, eq), unescapeURI(text, eq + 1, amp));
    start = amp + 1;
  }
  return headers;
}

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
  const end = text.length;
  let i = 0;
  const c0 = text.charCodeAt(0);
  if (!((c0 | 0x20) >= 0x61 && (c0 | 0x20) <= 0x7a)) fail(text, 0, 'a URI must start with a scheme');
  while (i < end && isSchemeChar(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== 0x3a) fail(text, i, 'expected ":" after the URI scheme');
  const scheme = text.slice(0, i).toLowerCase();
  const rest = i + 1;
  if (rest === end) fail(text, rest, 'nothing after the URI scheme');
  if (scheme === 'sip' || scheme === 'sips') return parseSIPURI(text, scheme, rest, end);
  for (let k = rest; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c <= 0x20 || c === 0x7f || c === 0x3c || c === 0x3e || c === 0x22) fail(text, k, 'character not allowed in a URI');
  }
  if (scheme === 'tel') {
    let j = rest;
    while (j < end && text.charCodeAt(j) !== 0x3b) j++;
    const { params, end: stop } = parseURIParams(text, j, end);
    if (stop !== end) fail(text, stop, 'unexpected character in tel URI parameters');
    return { scheme, user: text.slice(rest, j), host: '', params, headers: {} };
  }
  return { scheme, host: '', params: newParams(), headers: {}, opaque: text.slice(rest) };
}

function parseSIPURI(text: string, scheme: string, start: number, end: number): SIPURI {
  let user: string | undefined;
  let password: string | undefined;
  let i = start;
  const at = text.indexOf('@', start);
  if (at !== -1) {
    const colon = text.indexOf(':', start);
    const userEnd = colon !== -1 && colon < at ? colon : at;
    if (userEnd === start) fail(text, start, 'empty user part before "@"');
    checkPart(text, start, userEnd, URIPart.USER, 'user part');
    user = unescapeURI(text, start, userEnd);
    if (userEnd < at) {
      checkPart(text, userEnd + 1, at, URIPart.PASSWORD, 'password');
      password = unescapeURI(text, userEnd + 1, at);
    }
    i = at + 1;
  }
  let hostEnd = i;
  if (text.charCodeAt(hostEnd) === 0x5b) hostEnd = Math.max(hostEnd, text.indexOf(']', hostEnd));
  while (hostEnd < end) {
    const c = text.charCodeAt(hostEnd);
    if (c === 0x3b || c === 0x3f) break;
    hostEnd++;
  }
  const hp = parseHostPort(text, i, hostEnd);
  const { params, end: paramsEnd } = parseURIParams(text, hostEnd, end);
  let headers: Record<string, string> = {};
  if (paramsEnd < end) {
    if (text.charCodeAt(paramsEnd) !== 0x3f) fail(text, paramsEnd, 'unexpected character in the URI');
    headers = parseURIHeaders(text, paramsEnd + 1, end);
  }
  const uri: { -readonly [K in keyof SIPURI]: SIPURI[K] } = { scheme, host: hp.host, params, headers };
  if (user !== undefined) uri.user = user;
  if (password !== undefined) uri.password = password;
  if (hp.port !== undefined) uri.port = hp.port;
  return uri;
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
