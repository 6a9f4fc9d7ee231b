import { hasLineBreak, isToken } from './chars.js';
import { SIPBuildError } from './errors.js';
import { canonicalHeaderName } from './header-names.js';
import { checkHeader, toBytes } from './headers.js';
import { cacheOf } from './message-cache.js';
import type { SIPHeader, SIPRequest, SIPResponse } from './sip-message.js';
import { sipStatusPhrase } from './sip-status.js';
import { getTo } from './typed-headers.js';

const WHITESPACE = /\s/;

/** Headers given to a builder: `[name, value]` pairs or {@link SIPHeader} objects. */
export type HeaderInit = readonly (readonly [string, string])[] | readonly SIPHeader[];

/** What {@link buildRequest} takes. */
export interface RequestInit {
  readonly method: string;
  /** The Request-URI text, e.g. `'sip:bob@biloxi.com'`. */
  readonly uri: string;
  readonly headers: HeaderInit;
  /** Bytes, or text sent as UTF-8. */
  readonly body?: Uint8Array | string;
}

/** What {@link buildResponse} takes besides the request and status. */
export interface ResponseInit {
  /** Default: the registered phrase of the status ({@link sipStatusPhrase}). */
  readonly reason?: string;
  /** Added as `;tag=` to the copied To when it has no tag. */
  readonly toTag?: string;
  /** Appended after the copied headers. */
  readonly headers?: HeaderInit;
  readonly body?: Uint8Array | string;
}

function toHeaders(init: HeaderInit | undefined, out: SIPHeader[]): SIPHeader[] {
  if (init === undefined) return out;
  for (const h of init) {
    const header: SIPHeader = Array.isArray(h) ? { name: (h as readonly [string, string])[0], value: (h as readonly [string, string])[1] } : (h as SIPHeader);
    checkHeader(header.name, header.value);
    out.push(header);
  }
  return out;
}

/** Appends Content-Length when absent; refuses one that disagrees with the body. */
function withLength(headers: SIPHeader[], body: Uint8Array): void {
  for (const h of headers) {
    if (canonicalHeaderName(h.name) !== 'content-length') continue;
    if (h.value !== String(body.length)) {
      throw new SIPBuildError('BAD_HEADER_VALUE', `Content-Length must equal the body length ${body.length}`, h.value);
    }
    return;
  }
  headers.push({ name: 'Content-Length', value: String(body.length) });
}

function bodyBytes(body: Uint8Array | string | undefined): Uint8Array {
  if (body === undefined) return new Uint8Array(0);
  return typeof body === 'string' ? toBytes(body) : body;
}

/**
 * Builds a request from its parts. Headers are kept in the given order; Content-Length (the body length) is
 * appended when absent.
 * @param init - method, Request-URI, headers, body.
 * @returns the request.
 * @throws {@link SIPBuildError} `BAD_METHOD`, `BAD_URI`, `BAD_HEADER_NAME`, `BAD_HEADER_VALUE` (also for a
 *   Content-Length that differs from the body).
 * @example
 * buildRequest({ method: 'OPTIONS', uri: 'sip:bob@example.com', headers: [['Via', 'SIP/2.0/UDP a.example.com;branch=z9hG4bK1'],
 *   ['From', '<sip:a@example.com>;tag=1'], ['To', '<sip:bob@example.com>'], ['Call-ID', 'c1'], ['CSeq', '1 OPTIONS']] })
 * @see RFC 3261 §8.1.1
 */
export function buildRequest(init: RequestInit): SIPRequest {
  if (!isToken(init.method)) throw new SIPBuildError('BAD_METHOD', 'a method must be a token', init.method);
  if (init.uri.length === 0 || WHITESPACE.test(init.uri)) throw new SIPBuildError('BAD_URI', 'a Request-URI must be non-empty, without whitespace', init.uri);
  const body = bodyBytes(init.body);
  const headers = toHeaders(init.headers, []);
  withLength(headers, body);
  return { type: 'REQUEST', method: init.method, uri: init.uri, version: 'SIP/2.0', headers, body };
}

/**
 * Builds a response to `request` as RFC 3261 §8.2.6.2 says: copies every Via (in order), From, To, Call-ID and
 * CSeq; adds `;tag=toTag` to To when it has none; for 101-299 responses to INVITE (those that can create a dialog,
 * §12.1.1) also copies Record-Route. Then `init.headers`, then Content-Length.
 * @param request - the request answered.
 * @param status - 100-699.
 * @param init - reason, To tag, extra headers, body.
 * @returns the response.
 * @throws {@link SIPBuildError} `BAD_STATUS`, `BAD_REASON`, `BAD_HEADER_NAME`, `BAD_HEADER_VALUE`.
 * @throws {@link SIPParseError} when a To tag is to be added and the request's To cannot be read.
 * @example buildResponse(invite, SIPStatus.RINGING, { toTag: 'a6c85cf' })
 * @see RFC 3261 §8.2.6.2, §12.1.1
 */
export function buildResponse(request: SIPRequest, status: number, init: ResponseInit = {}): SIPResponse {
  if (!Number.isInteger(status) || status < 100 || status > 699) throw new SIPBuildError('BAD_STATUS', 'a status code must be 100-699', String(status));
  const reason = init.reason ?? sipStatusPhrase(status);
  if (hasLineBreak(reason)) throw new SIPBuildError('BAD_REASON', 'a reason phrase cannot hold CR or LF', reason);
  const copyRoutes = request.method === 'INVITE' && status > 100 && status < 300;
  if (init.toTag !== undefined && !isToken(init.toTag)) throw new SIPBuildError('BAD_HEADER_VALUE', 'a To tag must be a token', init.toTag);
  const addTag = init.toTag !== undefined && getTo(request).params.tag === undefined;
  const names = cacheOf(request).names;
  const headers: SIPHeader[] = [];
  for (let i = 0; i < names.length; i++) {
    const n = names[i];
    const h = request.headers[i]!;
    if (n === 'to' && addTag) headers.push({ name: h.name, value: `${h.value};tag=${init.toTag}` });
    else if (n === 'via' || n === 'from' || n === 'to' || n === 'call-id' || n === 'cseq' || (copyRoutes && n === 'record-route')) headers.push(h);
  }
  toHeaders(init.headers, headers);
  const body = bodyBytes(init.body);
  withLength(headers, body);
  return { type: 'RESPONSE', status, reason, version: 'SIP/2.0', headers, body };
}
