import { codesOf, isTokenChar, isWS, isToken, type CharCodes } from './chars.js';
import { SIPBuildError, SIPParseError } from './errors.js';
import { setParam } from './params.js';
import { quote, scanQuoted, unquote } from './quoted-string.js';

/**
 * One WWW-Authenticate or Proxy-Authenticate challenge. For a Digest challenge `realm` and `nonce` are set
 * (empty when the server left them out); other schemes keep their parameters in `params` only.
 * @see RFC 3261 §22.4, §25.1 challenge; RFC 7616 §3.3; RFC 8760 (SHA-256 algorithms for SIP)
 */
export interface DigestChallenge {
  /** The scheme as written, e.g. `'Digest'`. */
  readonly scheme: string;
  readonly realm: string;
  readonly nonce: string;
  readonly opaque?: string;
  /** As written: `'MD5'`, `'MD5-sess'`, `'SHA-256'`, … */
  readonly algorithm?: string;
  /** The qop options offered, e.g. `['auth', 'auth-int']`. */
  readonly qop?: readonly string[];
  readonly stale?: boolean;
  /** Every parameter by lower-case name, unquoted. */
  readonly params: Readonly<Record<string, string>>;
}

/**
 * The Digest answer carried by Authorization / Proxy-Authorization.
 * @see RFC 3261 §22.4, §25.1 credentials; RFC 7616 §3.4
 */
export interface DigestCredentials {
  readonly username: string;
  readonly realm: string;
  readonly nonce: string;
  readonly uri: string;
  readonly response: string;
  readonly algorithm?: string;
  readonly cnonce?: string;
  readonly opaque?: string;
  readonly qop?: string;
  readonly nc?: string;
}

interface AuthPart {
  scheme: string;
  params: Record<string, string>;
  end: number;
}

function fail(text: string, at: number, detail: string): never {
  throw new SIPParseError('BAD_AUTH', at, detail, text);
}

/**
 * Reads `scheme LWS auth-param *(COMMA auth-param)` from `i` (`codes` the character codes of `text`); stops before a
 * token that starts the next scheme.
 */
function readPart(text: string, codes: CharCodes, i: number): AuthPart {
  const end = text.length;
  while (i < end && (isWS(text.charCodeAt(i)) || text.charCodeAt(i) === 0x2c)) i++;
  const schemeStart = i;
  while (i < end && isTokenChar(text.charCodeAt(i))) i++;
  if (i === schemeStart) fail(text, i, 'expected an authentication scheme (a token)');
  const scheme = text.slice(schemeStart, i);
  const params: Record<string, string> = {};
  if (i < end && !isWS(text.charCodeAt(i))) fail(text, i, 'expected whitespace after the authentication scheme');
  for (;;) {
    while (i < end && (isWS(text.charCodeAt(i)) || text.charCodeAt(i) === 0x2c)) i++;
    if (i >= end) return { scheme, params, end: i };
    const nameStart = i;
    while (i < end && isTokenChar(text.charCodeAt(i))) i++;
    if (i === nameStart) fail(text, i, 'expected a parameter name (a token)');
    let k = i;
    while (k < end && isWS(text.charCodeAt(k))) k++;
    if (text.charCodeAt(k) !== 0x3d) {
      if (Object.keys(params).length === 0) fail(text, k, 'expected "=" after the parameter name');
      return { scheme, params, end: nameStart };
    }
    k++;
    while (k < end && isWS(text.charCodeAt(k))) k++;
    const name = text.slice(nameStart, i).toLowerCase();
    if (text.charCodeAt(k) === 0x22) {
      const close = scanQuoted(codes, k, end);
      if (close < 0) fail(text, k, `the quoted value of "${name}" is not closed`);
      setParam(params, name, unquote(text.slice(k, close)));
      i = close;
    } else {
      const valueStart = k;
      while (k < end && text.charCodeAt(k) !== 0x2c && !isWS(text.charCodeAt(k))) k++;
      setParam(params, name, text.slice(valueStart, k));
      i = k;
    }
    while (i < end && isWS(text.charCodeAt(i))) i++;
    if (i < end && text.charCodeAt(i) !== 0x2c) fail(text, i, 'expected "," between parameters');
  }
}

function toChallenge(part: AuthPart): DigestChallenge {
  const p = part.params;
  const out: { -readonly [K in keyof DigestChallenge]: DigestChallenge[K] } = {
    scheme: part.scheme,
    realm: p.realm ?? '',
    nonce: p.nonce ?? '',
    params: p,
  };
  if (p.opaque !== undefined) out.opaque = p.opaque;
  if (p.algorithm !== undefined) out.algorithm = p.algorithm;
  if (p.qop !== undefined) out.qop = p.qop.split(',').map((q) => q.trim()).filter((q) => q.length > 0);
  if (p.stale !== undefined) out.stale = p.stale.toLowerCase() === 'true';
  return out;
}

/**
 * Parses every challenge in one WWW-Authenticate / Proxy-Authenticate value (usually one; several when a server
 * joined them with commas).
 * @param text - the header value.
 * @returns the challenges, in order.
 * @throws {@link SIPParseError} `BAD_AUTH`.
 * @see RFC 3261 §20.44, §20.27
 */
export function parseAuthChallenges(text: string): DigestChallenge[] {
  const out: DigestChallenge[] = [];
  const codes = codesOf(text);
  let i = 0;
  while (i < text.length) {
    const part = readPart(text, codes, i);
    out.push(toChallenge(part));
    i = part.end;
    while (i < text.length && (isWS(text.charCodeAt(i)) || text.charCodeAt(i) === 0x2c)) i++;
  }
  if (out.length === 0) fail(text, 0, 'empty challenge');
  return out;
}

/**
 * Parses one challenge (the first, if the value holds several).
 * @param text - a WWW-Authenticate / Proxy-Authenticate value.
 * @returns the challenge.
 * @throws {@link SIPParseError} `BAD_AUTH`.
 * @example parseAuthChallenge('Digest realm="atlanta.com", nonce="84a4cc6f", qop="auth"').qop // ['auth']
 * @see RFC 3261 §22.4
 */
export function parseAuthChallenge(text: string): DigestChallenge {
  return parseAuthChallenges(text)[0]!;
}

const CHALLENGE_FIELDS = new Set(['realm', 'nonce', 'opaque', 'algorithm', 'qop', 'stale']);

/**
 * Writes a challenge: realm, nonce, opaque and qop quoted; algorithm and stale as tokens; other params quoted.
 * @param c - the challenge.
 * @returns e.g. `Digest realm="atlanta.com", nonce="84a4cc6f", algorithm=MD5, qop="auth"`.
 * @throws {@link SIPBuildError} `BAD_VALUE` for CR/LF in a value or a scheme that is not a token.
 * @see RFC 3261 §25.1 challenge
 */
export function serializeAuthChallenge(c: DigestChallenge): string {
  if (!isToken(c.scheme)) throw new SIPBuildError('BAD_VALUE', 'an authentication scheme must be a token', c.scheme);
  const parts = [`realm=${quote(c.realm)}`, `nonce=${quote(c.nonce)}`];
  if (c.opaque !== undefined) parts.push(`opaque=${quote(c.opaque)}`);
  if (c.algorithm !== undefined) parts.push(`algorithm=${tokenValue(c.algorithm)}`);
  if (c.qop !== undefined) parts.push(`qop=${quote(c.qop.join(','))}`);
  if (c.stale !== undefined) parts.push(`stale=${c.stale ? 'TRUE' : 'FALSE'}`);
  for (const name in c.params) {
    if (CHALLENGE_FIELDS.has(name)) continue;
    if (!isToken(name)) throw new SIPBuildError('BAD_VALUE', 'a parameter name must be a token', name);
    parts.push(`${name}=${quote(c.params[name] ?? '')}`);
  }
  return `${c.scheme} ${parts.join(', ')}`;
}

function tokenValue(v: string): string {
  if (!isToken(v)) throw new SIPBuildError('BAD_VALUE', 'this value must be a token', v);
  return v;
}

/**
 * Parses an Authorization / Proxy-Authorization Digest value.
 * @param text - the header value.
 * @returns the credentials.
 * @throws {@link SIPParseError} `BAD_AUTH` for bad syntax, another scheme, or a missing username, realm, nonce, uri
 *   or response.
 * @see RFC 3261 §20.7, §22.4
 */
export function parseAuthCredentials(text: string): DigestCredentials {
  const part = readPart(text, codesOf(text), 0);
  if (part.scheme.toLowerCase() !== 'digest') fail(text, 0, `expected the Digest scheme, not "${part.scheme}"`);
  const p = part.params;
  for (const need of ['username', 'realm', 'nonce', 'uri', 'response'] as const) {
    if (p[need] === undefined) fail(text, 0, `Digest credentials need "${need}"`);
  }
  const out: { -readonly [K in keyof DigestCredentials]: DigestCredentials[K] } = {
    username: p.username!,
    realm: p.realm!,
    nonce: p.nonce!,
    uri: p.uri!,
    response: p.response!,
  };
  for (const key of ['algorithm', 'cnonce', 'opaque', 'qop', 'nc'] as const) if (p[key] !== undefined) out[key] = p[key];
  return out;
}

/**
 * Writes Digest credentials: `Digest username="…", realm="…", nonce="…", uri="…", response="…"`, then
 * `algorithm=` (token), `cnonce="…"`, `opaque="…"`, `qop=` and `nc=` (unquoted, as RFC 3261 §25.1 writes them).
 * @param c - the credentials.
 * @returns the Authorization / Proxy-Authorization value.
 * @throws {@link SIPBuildError} `BAD_VALUE` for CR/LF in a value or a non-token algorithm, qop or nc.
 * @see RFC 3261 §22.4, §25.1 digest-response
 */
export function serializeAuthCredentials(c: DigestCredentials): string {
  let out = `Digest username=${quote(c.username)}, realm=${quote(c.realm)}, nonce=${quote(c.nonce)}, uri=${quote(c.uri)}, response=${quote(c.response)}`;
  if (c.algorithm !== undefined) out += `, algorithm=${tokenValue(c.algorithm)}`;
  if (c.cnonce !== undefined) out += `, cnonce=${quote(c.cnonce)}`;
  if (c.opaque !== undefined) out += `, opaque=${quote(c.opaque)}`;
  if (c.qop !== undefined) out += `, qop=${tokenValue(c.qop)}`;
  if (c.nc !== undefined) out += `, nc=${tokenValue(c.nc)}`;
  return out;
}
