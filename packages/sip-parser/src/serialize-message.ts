import { hasLineBreak, isToken } from './chars.js';
import { SIPBuildError } from './errors.js';
import { checkHeader } from './headers.js';
import type { SIPMessage } from './sip-message.js';

const WHITESPACE = /\s/;

function startLine(m: SIPMessage): string {
  if (hasLineBreak(m.version) || m.version.indexOf(' ') !== -1) throw new SIPBuildError('BAD_VALUE', 'bad SIP version', m.version);
  if (m.type === 'REQUEST') {
    if (!isToken(m.method)) throw new SIPBuildError('BAD_METHOD', 'a method must be a token', m.method);
    if (m.uri.length === 0 || WHITESPACE.test(m.uri)) throw new SIPBuildError('BAD_URI', 'a Request-URI must be non-empty, without whitespace', m.uri);
    return `${m.method} ${m.uri} ${m.version}\r\n`;
  }
  if (!Number.isInteger(m.status) || m.status < 100 || m.status > 699) throw new SIPBuildError('BAD_STATUS', 'a status code must be 100-699', String(m.status));
  if (hasLineBreak(m.reason)) throw new SIPBuildError('BAD_REASON', 'a reason phrase cannot hold CR or LF', m.reason);
  return `${m.version} ${m.status} ${m.reason}\r\n`;
}

/** The start line and header section of `m` (ending with the blank line), checked. */
function head(m: SIPMessage): string {
  let out = startLine(m);
  const headers = m.headers;
  for (let i = 0; i < headers.length; i++) {
    const h = headers[i]!;
    checkHeader(h.name, h.value);
    out += `${h.name}: ${h.value}\r\n`;
  }
  return `${out}\r\n`;
}

/**
 * The size of `m` on the wire.
 * @param m - the message.
 * @returns its byte length.
 * @throws {@link SIPBuildError} as {@link serializeSIPMessage}.
 */
export function sipMessageByteLength(m: SIPMessage): number {
  return Buffer.byteLength(head(m), 'utf8') + m.body.length;
}

/**
 * Writes `m` into `out` at `offset`.
 * @param m - the message.
 * @param out - the buffer to write to.
 * @param offset - where to start.
 * @returns the number of bytes written.
 * @throws {@link SIPBuildError} as {@link serializeSIPMessage}; `BAD_VALUE` when `out` is too small.
 */
export function serializeSIPMessageInto(m: SIPMessage, out: Uint8Array, offset = 0): number {
  const text = head(m);
  const size = Buffer.byteLength(text, 'utf8') + m.body.length;
  if (offset < 0 || offset + size > out.length) throw new SIPBuildError('BAD_VALUE', `the buffer needs ${size} bytes from offset ${offset}`, String(out.length));
  const target = Buffer.isBuffer(out) ? out : Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  const written = target.write(text, offset, 'utf8');
  target.set(m.body, offset + written);
  return size;
}

/**
 * Writes a message: start line, each header as `Name: value` in order, a blank line, the body. Nothing is added or
 * changed: Content-Length is a header like any other (the builders and {@link withBody} set it).
 * @param m - the message.
 * @returns the bytes.
 * @throws {@link SIPBuildError} `BAD_METHOD`, `BAD_URI`, `BAD_STATUS`, `BAD_REASON`, `BAD_HEADER_NAME` or
 *   `BAD_HEADER_VALUE` (CR/LF that would inject lines).
 * @example serializeSIPMessage(buildResponse(request, SIPStatus.OK)).toString()
 * @see RFC 3261 §7
 */
export function serializeSIPMessage(m: SIPMessage): Buffer {
  const text = head(m);
  if (m.body.length === 0) return Buffer.from(text, 'utf8');
  const headLength = Buffer.byteLength(text, 'utf8');
  const out = Buffer.allocUnsafe(headLength + m.body.length);
  out.write(text, 0, 'utf8');
  out.set(m.body, headLength);
  return out;
}
