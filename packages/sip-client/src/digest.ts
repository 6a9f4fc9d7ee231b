import { createHash } from 'node:crypto';
import type { DigestChallenge, DigestCredentials, SIPRequest } from '@voip/sip-parser';
import { InvalidRangeError } from './errors.js';
import { newCnonce } from './ids.js';

/** Inputs of one digest computation. */
export interface DigestInput {
  /** `MD5` (default), `MD5-sess`, `SHA-256`, `SHA-256-sess`, `SHA-512-256`, `SHA-512-256-sess` (case-insensitive). */
  readonly algorithm?: string;
  readonly username: string;
  readonly password: string;
  readonly realm: string;
  readonly nonce: string;
  /** The request method (`REGISTER`, `INVITE`, …). */
  readonly method: string;
  /** The digest-uri: the Request-URI as sent. */
  readonly uri: string;
  /** `auth`, `auth-int`, or absent for RFC 2069 style. */
  readonly qop?: string;
  /** Nonce count, 8 hex digits (`00000001`); required with qop. */
  readonly nc?: string;
  /** Client nonce; required with qop or a -sess algorithm. */
  readonly cnonce?: string;
  /** The message body, for `auth-int`. */
  readonly body?: Uint8Array | string;
}

const HASHES: Readonly<Record<string, string>> = { 'MD5': 'md5', 'SHA-256': 'sha256', 'SHA-512-256': 'sha512-256' };

const hex = (hash: string, data: string | Uint8Array): string => createHash(hash).update(data).digest('hex');

/**
 * The `response` value of a Digest Authorization: `H(HA1:nonce:nc:cnonce:qop:HA2)` with qop, `H(HA1:nonce:HA2)`
 * without, where `HA1 = H(user:realm:password)` (`-sess`: `H(H(user:realm:password):nonce:cnonce)`) and
 * `HA2 = H(method:uri)` (`auth-int`: `H(method:uri:H(body))`). Strings are hashed as UTF-8.
 * @param input - the challenge values and request facts
 * @returns the lowercase hex response
 * @throws {@link InvalidRangeError} for an unknown algorithm or qop, or when qop/-sess lack nc/cnonce
 * @example computeDigestResponse({ username: 'alice', password: 's3cr3t', realm: 'asterisk', nonce: '4c2a1b0e', method: 'REGISTER', uri: 'sip:pbx.example.com' })
 * @see RFC 2617 §3.2.2, RFC 7616 §3.4, RFC 8760 §2 (SHA-256 and SHA-512/256 in SIP), RFC 3261 §22.4
 */
export function computeDigestResponse(input: DigestInput): string {
  const algorithm = (input.algorithm ?? 'MD5').toUpperCase();
  const sess = algorithm.endsWith('-SESS');
  const hash = HASHES[sess ? algorithm.slice(0, -5) : algorithm];
  if (!hash) throw new InvalidRangeError('algorithm', 'MD5, SHA-256 or SHA-512-256, optionally -sess', input.algorithm);
  const qop = input.qop?.toLowerCase();
  if (qop !== undefined && qop !== 'auth' && qop !== 'auth-int') throw new InvalidRangeError('qop', "'auth' or 'auth-int'", input.qop);
  if ((qop || sess) && !input.cnonce) throw new InvalidRangeError('cnonce', 'a non-empty client nonce with qop or -sess', input.cnonce);
  if (qop && !input.nc) throw new InvalidRangeError('nc', '8 hex digits with qop', input.nc);

  let ha1 = hex(hash, `${input.username}:${input.realm}:${input.password}`);
  if (sess) ha1 = hex(hash, `${ha1}:${input.nonce}:${input.cnonce}`);
  const ha2 =
    qop === 'auth-int'
      ? hex(hash, `${input.method}:${input.uri}:${hex(hash, input.body ?? '')}`)
      : hex(hash, `${input.method}:${input.uri}`);
  return qop
    ? hex(hash, `${ha1}:${input.nonce}:${input.nc}:${input.cnonce}:${qop}:${ha2}`)
    : hex(hash, `${ha1}:${input.nonce}:${ha2}`);
}

/**
 * Formats a nonce count as the 8 hex digits digest expects.
 * @param n - 1 for the first use of a nonce
 * @see RFC 7616 §3.4
 */
export const formatNonceCount = (n: number): string => n.toString(16).padStart(8, '0');

/**
 * The credentials answering one challenge for one request, ready for `serializeAuthCredentials()`. Picks `auth`
 * when offered, else `auth-int` (hashing the request body), else no qop.
 * @param challenge - a parsed WWW-Authenticate or Proxy-Authenticate challenge
 * @param request - the request being retried (its method, Request-URI and body are signed)
 * @param creds - the username and password for the challenge's realm
 * @param nc - how many times this nonce has been used, counting this one (1 first)
 * @param cnonce - the client nonce (random when omitted)
 * @returns the fields of the Authorization / Proxy-Authorization header
 * @throws {@link InvalidRangeError} for an unsupported algorithm
 * @see RFC 3261 §22.2, §22.3; RFC 7616 §3.4
 */
export function authorizationFor(
  challenge: DigestChallenge,
  request: SIPRequest,
  creds: { readonly username: string; readonly password: string },
  nc: number,
  cnonce?: string,
): DigestCredentials {
  const offered = (challenge.qop ?? []).map((q) => q.toLowerCase());
  const qop = offered.includes('auth') ? 'auth' : offered.includes('auth-int') ? 'auth-int' : undefined;
  const sess = (challenge.algorithm ?? '').toLowerCase().endsWith('-sess');
  const clientNonce = qop || sess ? (cnonce ?? newCnonce()) : undefined;
  const count = qop ? formatNonceCount(nc) : undefined;
  const response = computeDigestResponse({
    algorithm: challenge.algorithm,
    username: creds.username,
    password: creds.password,
    realm: challenge.realm,
    nonce: challenge.nonce,
    method: request.method,
    uri: request.uri,
    qop,
    nc: count,
    cnonce: clientNonce,
    body: request.body,
  });
  return {
    username: creds.username,
    realm: challenge.realm,
    nonce: challenge.nonce,
    uri: request.uri,
    response,
    ...(challenge.algorithm !== undefined && { algorithm: challenge.algorithm }),
    ...(clientNonce !== undefined && { cnonce: clientNonce }),
    ...(challenge.opaque !== undefined && { opaque: challenge.opaque }),
    ...(qop !== undefined && { qop }),
    ...(count !== undefined && { nc: count }),
  };
}
