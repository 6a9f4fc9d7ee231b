import { codesOf, hasLineBreak, indexWithin, isToken, trimWS, type CharCodes } from './chars.js';
import { SIPBuildError } from './errors.js';
import { canonicalHeaderName } from './header-names.js';
import { cacheOf } from './message-cache.js';
import type { SIPHeader, SIPMessage } from './sip-message.js';

/**
 * The value of the first header field called `name` (case-insensitive, compact forms equal to long names).
 * @param m - the message.
 * @param name - e.g. `'Contact'`, `'m'`, `'call-id'`.
 * @returns the unfolded value, or undefined when there is none.
 * @example getHeader(msg, 'i') === getHeader(msg, 'Call-ID')
 * @see RFC 3261 §7.3
 */
export function getHeader(m: SIPMessage, name: string): string | undefined {
  const key = canonicalHeaderName(name);
  const names = cacheOf(m).names;
  for (let i = 0; i < names.length; i++) if (names[i] === key) return m.headers[i]!.value;
  return undefined;
}

/**
 * The value of every header field line called `name`, in order (each line once, not split at commas).
 * @param m - the message.
 * @param name - a header name, any case, long or compact.
 * @returns the values, `[]` when there are none.
 * @see RFC 3261 §7.3.1
 */
export function getHeaders(m: SIPMessage, name: string): string[] {
  const key = canonicalHeaderName(name);
  const names = cacheOf(m).names;
  const out: string[] = [];
  for (let i = 0; i < names.length; i++) if (names[i] === key) out.push(m.headers[i]!.value);
  return out;
}

/**
 * Every comma-separated element of every header field line called `name`, in order. Commas inside quoted strings
 * and inside `<...>` do not split; empty elements are dropped. Use it for list headers (Via, Contact, Route,
 * Record-Route, Allow, Supported, Require); not for WWW-Authenticate or Date, whose values hold commas.
 * @param m - the message.
 * @param name - a header name, any case, long or compact.
 * @returns the trimmed elements.
 * @see RFC 3261 §7.3.1 (a list header may be one line or several, with the same meaning)
 */
export function getHeaderList(m: SIPMessage, name: string): string[] {
  const key = canonicalHeaderName(name);
  const names = cacheOf(m).names;
  const out: string[] = [];
  for (let i = 0; i < names.length; i++) if (names[i] === key) splitHeaderList(m.headers[i]!.value, out);
  return out;
}

/**
 * Splits one header value at the commas that are outside quoted strings and `<...>`, trimming each element and
 * dropping empty ones. An unclosed quote or `<` runs to the end of the value (no exception).
 * @param value - a header value.
 * @param out - the array to push the elements to.
 * @returns `out`.
 */
export function splitHeaderList(value: string, out: string[] = []): string[] {
  if (value.indexOf(',') === -1) {
    const only = trimWS(value);
    if (only.length > 0) out.push(only);
    return out;
  }
  const end = value.length;
  const codes = codesOf(value);
  let start = 0;
  for (;;) {
    const stop = listItemEnd(codes, start, end);
    const item = trimWS(value.slice(start, stop));
    if (item.length > 0) out.push(item);
    if (stop === end) return out;
    start = stop + 1;
  }
}

/**
 * Where the list element starting at `start` ends: the index of the first comma of `codes[start, end)` outside
 * quoted strings and `<...>`, or `end`. An unclosed quote or `<` runs to `end`.
 */
export function listItemEnd(codes: CharCodes, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const c = codes[i]!;
    if (c === 0x22) {
      i++;
      while (i < end) {
        const q = codes[i]!;
        if (q === 0x5c) i += 2;
        else if (q === 0x22) break;
        else i++;
      }
      i++;
    } else if (c === 0x3c) {
      const gt = indexWithin(codes, 0x3e, i, end);
      i = gt === -1 ? end : gt + 1;
    } else if (c === 0x2c) return i;
    else i++;
  }
  return end;
}

/**
 * Checks a header name and value before they go on the wire.
 * @throws {@link SIPBuildError} `BAD_HEADER_NAME` (not a token) or `BAD_HEADER_VALUE` (CR or LF would inject lines).
 */
export function checkHeader(name: string, value: string): void {
  if (!isToken(name)) throw new SIPBuildError('BAD_HEADER_NAME', 'a header name must be a non-empty token', name);
  if (hasLineBreak(value)) throw new SIPBuildError('BAD_HEADER_VALUE', `header ${name} cannot hold CR or LF`, value);
}

/**
 * A copy of `m` where every field called `name` is replaced by one field `name: value` (at the place of the first
 * one), or the field is appended when there was none.
 * @param m - the message (not changed).
 * @param name - the header name to write; fields are matched case-insensitively, compact forms included.
 * @param value - the new value.
 * @returns a new message of the same type.
 * @throws {@link SIPBuildError} `BAD_HEADER_NAME`, `BAD_HEADER_VALUE`.
 * @example withHeader(req, 'Max-Forwards', '69')
 */
export function withHeader<M extends SIPMessage>(m: M, name: string, value: string): M {
  checkHeader(name, value);
  const key = canonicalHeaderName(name);
  const names = cacheOf(m).names;
  const headers: SIPHeader[] = [];
  let placed = false;
  for (let i = 0; i < names.length; i++) {
    if (names[i] !== key) headers.push(m.headers[i]!);
    else if (!placed) {
      headers.push({ name, value });
      placed = true;
    }
  }
  if (!placed) headers.push({ name, value });
  return { ...m, headers };
}

/**
 * A copy of `m` with one more field `name: value`: before the existing fields of that name (`'first'`, as a proxy
 * adds its Via) or after them (`'last'`, the default). Without existing fields, `'first'` puts it at the top and
 * `'last'` at the end.
 * @param m - the message (not changed).
 * @param name - the header name.
 * @param value - the value.
 * @param where - `'first'` or `'last'`.
 * @returns a new message of the same type.
 * @throws {@link SIPBuildError} `BAD_HEADER_NAME`, `BAD_HEADER_VALUE`.
 */
export function withAddedHeader<M extends SIPMessage>(m: M, name: string, value: string, where: 'first' | 'last' = 'last'): M {
  checkHeader(name, value);
  const key = canonicalHeaderName(name);
  const names = cacheOf(m).names;
  const headers = m.headers.slice();
  let at = where === 'first' ? 0 : headers.length;
  if (where === 'first') {
    const first = names.indexOf(key);
    if (first !== -1) at = first;
  } else {
    const last = names.lastIndexOf(key);
    if (last !== -1) at = last + 1;
  }
  headers.splice(at, 0, { name, value });
  return { ...m, headers };
}

/**
 * A copy of `m` without any field called `name`.
 * @param m - the message (not changed).
 * @param name - the header name, any case, long or compact.
 * @returns a new message of the same type.
 */
export function withoutHeader<M extends SIPMessage>(m: M, name: string): M {
  const key = canonicalHeaderName(name);
  const names = cacheOf(m).names;
  const headers: SIPHeader[] = [];
  for (let i = 0; i < names.length; i++) if (names[i] !== key) headers.push(m.headers[i]!);
  return { ...m, headers };
}

/**
 * A copy of `m` with a new body, its Content-Length set to the body's byte length, and Content-Type set when given.
 * @param m - the message (not changed).
 * @param body - bytes, or text written as UTF-8.
 * @param contentType - e.g. `'application/sdp'`; the existing Content-Type stays when omitted.
 * @returns a new message of the same type.
 * @throws {@link SIPBuildError} `BAD_HEADER_VALUE` for a content type with CR/LF.
 * @see RFC 3261 §20.14, §20.15
 */
export function withBody<M extends SIPMessage>(m: M, body: Uint8Array | string, contentType?: string): M {
  const bytes = typeof body === 'string' ? toBytes(body) : body;
  let out = withHeader(m, 'Content-Length', String(bytes.length));
  if (contentType !== undefined) out = withHeader(out, 'Content-Type', contentType);
  return { ...out, body: bytes };
}

/** UTF-8 bytes of `text`, as a plain Uint8Array. */
export function toBytes(text: string): Uint8Array {
  const buf = Buffer.from(text, 'utf8');
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
