import { isTokenChar, isWS, trimWS } from './chars.js';
import { parseCSeq, type CSeq } from './cseq.js';
import { SIPParseError, type SIPParseErrorCode } from './errors.js';
import { canonicalHeaderName } from './header-names.js';
import { splitHeaderList, toBytes } from './headers.js';
import { seedCache } from './message-cache.js';
import { parseNameAddr, type NameAddr } from './name-addr.js';
import type { SIPHeader, SIPMessage, SIPRequest, SIPResponse } from './sip-message.js';
import { parseURI } from './uri.js';
import { parseVia, type Via } from './via.js';

/**
 * Limits and framing for {@link parseSIPMessage}. Every limit has a safe default.
 */
export interface SIPParseOptions {
  /** Largest message accepted, in bytes. Default 65 536 (64 KiB, the largest UDP datagram). */
  readonly maxMessageBytes?: number;
  /** Most header field lines accepted. Default 256. */
  readonly maxHeaders?: number;
  /** Longest start line or (unfolded) header field accepted, in characters. Default 16 384. */
  readonly maxLineLength?: number;
  /**
   * `'datagram'` (default): the bytes are one UDP datagram; without Content-Length the body is the rest, bytes
   * after Content-Length are ignored, and a missing blank line ends the headers at the end of the datagram.
   * `'stream'`: the bytes were framed from TCP/TLS; Content-Length and the blank line are required.
   */
  readonly framing?: 'datagram' | 'stream';
}

/** The default limits of {@link SIPParseOptions}. */
export const SIP_PARSE_DEFAULTS = { maxMessageBytes: 65_536, maxHeaders: 256, maxLineLength: 16_384, framing: 'datagram' } as const;

const LF_CRLF = Buffer.from('\n\r\n', 'latin1');
const LF_LF = Buffer.from('\n\n', 'latin1');
const EMPTY_BODY = new Uint8Array(0);

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function view(bytes: Uint8Array, start: number, end: number): Uint8Array {
  if (start >= end) return EMPTY_BODY;
  return new Uint8Array(bytes.buffer, bytes.byteOffset + start, end - start);
}

/** Reading state shared by the steps of one parse. */
interface Reader {
  readonly bytes: Uint8Array;
  /** The header section (start line included), decoded as UTF-8. */
  readonly text: string;
  /** Byte offset of `text` in `bytes`. */
  readonly base: number;
}

function byteOffset(r: Reader, charIndex: number): number {
  const i = Math.max(0, Math.min(charIndex, r.text.length));
  return r.base + Buffer.byteLength(r.text.slice(0, i), 'utf8');
}

function fail(r: Reader, code: SIPParseErrorCode, charIndex: number, detail: string, partial?: SIPMessage, cause?: unknown): never {
  throw new SIPParseError(code, byteOffset(r, charIndex), detail, r.bytes, { partial, cause });
}

function checkVersion(r: Reader, version: string, at: number): void {
  if (version === 'SIP/2.0' || version.toUpperCase() === 'SIP/2.0') return;
  const v = version.toUpperCase();
  if (v.startsWith('SIP/') && v.length > 4) fail(r, 'BAD_VERSION', at, `unsupported SIP version "${version}" (only SIP/2.0; answer 505)`);
  fail(r, 'BAD_START_LINE', at, 'expected the SIP version "SIP/2.0"');
}

type StartLine = { type: 'REQUEST'; method: string; uri: string } | { type: 'RESPONSE'; status: number; reason: string };

/** Request-Line or Status-Line, RFC 3261 §7.1 / §7.2. Extra spaces between the parts are tolerated. */
function readStartLine(r: Reader, line: string, at: number): StartLine {
  let end = line.length;
  while (end > 0 && isWS(line.charCodeAt(end - 1))) end--;
  if (end === 0) fail(r, 'BAD_START_LINE', at, 'empty start line');
  const sp1 = line.indexOf(' ');
  if (sp1 <= 0 || sp1 >= end) fail(r, 'BAD_START_LINE', at, 'expected "METHOD URI SIP/2.0" or "SIP/2.0 CODE REASON"');
  const first = line.slice(0, sp1);
  if (first.length >= 4 && first.slice(0, 4).toUpperCase() === 'SIP/') {
    checkVersion(r, first, at);
    let i = sp1;
    while (i < end && line.charCodeAt(i) === 0x20) i++;
    const codeStart = i;
    let status = 0;
    while (i < end) {
      const c = line.charCodeAt(i);
      if (c < 0x30 || c > 0x39) break;
      if (i - codeStart < 4) status = status * 10 + (c - 0x30);
      i++;
    }
    if (i - codeStart !== 3 || status < 100 || status > 699 || (i < end && line.charCodeAt(i) !== 0x20)) {
      fail(r, 'BAD_STATUS', at + codeStart, 'the status code must be three digits, 100 to 699');
    }
    return { type: 'RESPONSE', status, reason: trimWS(line.slice(i, end)) };
  }
  for (let i = 0; i < sp1; i++) if (!isTokenChar(line.charCodeAt(i))) fail(r, 'BAD_START_LINE', at + i, 'the method must be a token');
  const sp2 = line.lastIndexOf(' ', end - 1);
  if (sp2 <= sp1) fail(r, 'BAD_START_LINE', at + end, 'expected "METHOD Request-URI SIP/2.0"');
  checkVersion(r, line.slice(sp2 + 1, end), at + sp2 + 1);
  const uri = trimWS(line.slice(sp1 + 1, sp2));
  if (uri.length === 0) fail(r, 'BAD_START_LINE', at + sp1, 'missing Request-URI');
  for (let i = 0; i < uri.length; i++) {
    if (isWS(uri.charCodeAt(i))) fail(r, 'BAD_START_LINE', at + sp1 + 1, 'the Request-URI holds whitespace');
  }
  return { type: 'REQUEST', method: first, uri };
}

/**
 * Parses one SIP message from the bytes of a UDP datagram (or one framed TCP message).
 *
 * Tolerant as a real UA is: leading CRLFs, LF-only line ends, folded headers, no space after the colon,
 * compact names, any header-name case, repeated headers kept in order, unknown headers verbatim, unknown status
 * codes. It validates what RFC 3261 §8.1.1 and §8.2.2 need to answer: Via, From, To, Call-ID and CSeq present
 * (From, To, Call-ID, CSeq once), the top Via, From, To and CSeq parseable, CSeq method equal to the request method,
 * Content-Length one number not above the bytes present, Request-URI and Contact parseable. Those are cached, so the
 * typed reads are free afterwards. Every other header, the Vias below the top one included, is parsed when first
 * read (a malformed one throws then).
 *
 * @param input - the bytes (or text, sent as UTF-8).
 * @param options - limits and framing, see {@link SIPParseOptions}.
 * @returns the message; `body` is a view of `input`.
 * @throws {@link SIPParseError} with `partial` set for every code after the header section was read, so a UAS can
 *   answer 400. Codes: `EMPTY`, `MESSAGE_TOO_LARGE`, `LINE_TOO_LONG`, `TOO_MANY_HEADERS`, `INCOMPLETE`,
 *   `BAD_START_LINE`, `BAD_VERSION`, `BAD_STATUS`, `BAD_HEADER`, `BAD_URI`, `MISSING_HEADER`, `DUPLICATE_HEADER`,
 *   `BAD_VIA`, `BAD_NAME_ADDR`, `BAD_CSEQ`, `CSEQ_MISMATCH`, `BAD_CONTENT_LENGTH`, `BODY_TOO_SHORT`.
 * @example
 * const m = parseSIPMessage('OPTIONS sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\r\n' +
 *   'From: <sip:a@example.com>;tag=1\r\nTo: <sip:bob@example.com>\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n');
 * @see RFC 3261 §7, §7.3.1, §7.5, §18.3; RFC 4475
 */
export function parseSIPMessage(input: Uint8Array | string, options?: SIPParseOptions): SIPMessage {
  const bytes = typeof input === 'string' ? toBytes(input) : input;
  const maxBytes = options?.maxMessageBytes ?? SIP_PARSE_DEFAULTS.maxMessageBytes;
  const maxHeaders = options?.maxHeaders ?? SIP_PARSE_DEFAULTS.maxHeaders;
  const maxLine = options?.maxLineLength ?? SIP_PARSE_DEFAULTS.maxLineLength;
  const stream = options?.framing === 'stream';
  const len = bytes.length;
  if (len > maxBytes) {
    throw new SIPParseError('MESSAGE_TOO_LARGE', maxBytes, `message of ${len} bytes is over the limit of ${maxBytes}`, bytes, { limit: maxBytes, actual: len });
  }
  let start = 0;
  while (start < len && (bytes[start] === 0x0d || bytes[start] === 0x0a)) start++;
  if (start === len) throw new SIPParseError('EMPTY', start, 'no message, only line ends (a keep-alive)', bytes);

  const buf = asBuffer(bytes);
  // The header section ends at the first empty line: CRLF CRLF, or LF LF from LF-only senders.
  let headEnd = len;
  let bodyStart = len;
  const crlf = buf.indexOf(LF_CRLF, start);
  if (crlf !== -1) {
    headEnd = crlf + 1;
    bodyStart = crlf + 3;
  }
  let text = buf.toString('utf8', start, headEnd);
  if (text.indexOf('\n\n') !== -1) {
    // An LF-only sender: the first LF LF ends the headers (ASCII LF is never part of a UTF-8 sequence).
    const lf = buf.indexOf(LF_LF, start);
    headEnd = lf + 1;
    bodyStart = lf + 2;
    text = buf.toString('utf8', start, headEnd);
  } else if (crlf === -1 && stream) throw new SIPParseError('INCOMPLETE', len, 'no blank line ends the header section', bytes);
  const r: Reader = { bytes, text, base: start };
  const tlen = text.length;

  let nl = text.indexOf('\n');
  let lineEnd = nl === -1 ? tlen : nl;
  let e = lineEnd > 0 && text.charCodeAt(lineEnd - 1) === 0x0d ? lineEnd - 1 : lineEnd;
  if (e > maxLine) throw new SIPParseError('LINE_TOO_LONG', r.base, `start line over ${maxLine} characters`, bytes, { limit: maxLine, actual: e });
  const startLine = readStartLine(r, text.slice(0, e), 0);

  const headers: SIPHeader[] = [];
  const names: string[] = [];
  const offsets: number[] = [];
  let name = '';
  let value = '';
  let valueAt = -1;
  let pos = lineEnd + 1;
  while (pos < tlen) {
    nl = text.indexOf('\n', pos);
    lineEnd = nl === -1 ? tlen : nl;
    e = lineEnd > pos && text.charCodeAt(lineEnd - 1) === 0x0d ? lineEnd - 1 : lineEnd;
    if (e - pos > maxLine) fail(r, 'LINE_TOO_LONG', pos, `header line over ${maxLine} characters`);
    if (e > pos) {
      const c0 = text.charCodeAt(pos);
      if (c0 === 0x20 || c0 === 0x09) {
        if (valueAt < 0) fail(r, 'BAD_HEADER', pos, 'a folded line comes before any header');
        const more = trimWS(text.slice(pos, e));
        if (more.length > 0) value = value.length === 0 ? more : `${value} ${more}`;
        if (value.length > maxLine) fail(r, 'LINE_TOO_LONG', pos, `header ${name} over ${maxLine} characters`);
      } else {
        if (valueAt >= 0) {
          headers.push({ name, value });
          offsets.push(valueAt);
        }
        const colon = text.indexOf(':', pos);
        if (colon === -1 || colon >= e) fail(r, 'BAD_HEADER', pos, 'a header line has no colon');
        let nameEnd = colon;
        while (nameEnd > pos && isWS(text.charCodeAt(nameEnd - 1))) nameEnd--;
        for (let i = pos; i < nameEnd; i++) {
          if (!isTokenChar(text.charCodeAt(i))) fail(r, 'BAD_HEADER', i, 'a header name must be a token');
        }
        if (nameEnd === pos) fail(r, 'BAD_HEADER', pos, 'empty header name');
        if (headers.length >= maxHeaders) {
          throw new SIPParseError('TOO_MANY_HEADERS', byteOffset(r, pos), `more than ${maxHeaders} header lines`, bytes, { limit: maxHeaders, actual: headers.length + 1 });
        }
        name = text.slice(pos, nameEnd);
        names.push(canonicalHeaderName(name));
        let vs = colon + 1;
        let ve = e;
        while (vs < ve && isWS(text.charCodeAt(vs))) vs++;
        while (ve > vs && isWS(text.charCodeAt(ve - 1))) ve--;
        value = text.slice(vs, ve);
        valueAt = colon + 1;
      }
    }
    pos = lineEnd + 1;
  }
  if (valueAt >= 0) {
    headers.push({ name, value });
    offsets.push(valueAt);
  }

  // Content-Length (RFC 3261 §18.3, §20.14): one value, digits only.
  let contentLength = -1;
  let clIndex = -1;
  for (let i = 0; i < names.length; i++) {
    if (names[i] !== 'content-length') continue;
    const v = headers[i]!.value;
    let n = 0;
    let k = 0;
    for (; k < v.length; k++) {
      const c = v.charCodeAt(k);
      if (c < 0x30 || c > 0x39) break;
      n = Math.min(n * 10 + (c - 0x30), maxBytes + 1);
    }
    if (k === 0 || k !== v.length) {
      fail(r, 'BAD_CONTENT_LENGTH', offsets[i]!, 'Content-Length must be a decimal number', build(startLine, headers, view(bytes, bodyStart, len)));
    }
    if (contentLength >= 0 && n !== contentLength) {
      fail(r, 'BAD_CONTENT_LENGTH', offsets[i]!, 'conflicting Content-Length values', build(startLine, headers, view(bytes, bodyStart, len)));
    }
    contentLength = n;
    clIndex = i;
  }
  const available = len - bodyStart;
  let body: Uint8Array;
  if (contentLength < 0) {
    if (stream) fail(r, 'MISSING_HEADER', 0, 'Content-Length is required on a stream transport', build(startLine, headers, EMPTY_BODY));
    body = view(bytes, bodyStart, len);
  } else if (contentLength > available) {
    const partial = build(startLine, headers, view(bytes, bodyStart, len));
    fail(r, 'BODY_TOO_SHORT', offsets[clIndex]!, `Content-Length ${contentLength} is larger than the ${available} body bytes`, partial);
  } else body = view(bytes, bodyStart, bodyStart + contentLength);

  const message = build(startLine, headers, body);
  validate(r, message, names, offsets);
  return message;
}

function build(start: StartLine, headers: SIPHeader[], body: Uint8Array): SIPMessage {
  return start.type === 'REQUEST'
    ? ({ type: 'REQUEST', method: start.method, uri: start.uri, version: 'SIP/2.0', headers, body } satisfies SIPRequest)
    : ({ type: 'RESPONSE', status: start.status, reason: start.reason, version: 'SIP/2.0', headers, body } satisfies SIPResponse);
}

/** Runs `read` on header `index`, re-throwing its error at the header's position with the partial message. */
function field<T>(r: Reader, m: SIPMessage, at: number, label: string, read: (text: string) => T, text: string): T {
  try {
    return read(text);
  } catch (err) {
    if (!SIPParseError.isInstance(err)) throw err;
    fail(r, err.code, at + err.offset, `${label}: ${err.detail}`, m, err);
  }
}

/** RFC 3261 §8.2.2 checks that make a request (or response) answerable, caching the values read. */
function validate(r: Reader, m: SIPMessage, names: string[], offsets: number[]): void {
  const typed = seedCache(m, names).typed;
  if (m.type === 'REQUEST') typed.ruri = field(r, m, 0, 'Request-URI', parseURI, m.uri);
  let topVia: Via | undefined;
  const contacts: NameAddr[] = [];
  let wildcard = false;
  let fromAt = -1;
  let toAt = -1;
  let callIdAt = -1;
  let cseqAt = -1;
  for (let i = 0; i < names.length; i++) {
    const n = names[i];
    let seen = -1;
    if (n === 'via') {
      // Only the top Via is read here (RFC 3261 §8.2.2 answers need it); getVias() reads the others when asked.
      if (topVia === undefined) {
        const items = splitHeaderList(m.headers[i]!.value);
        if (items.length > 0) topVia = field(r, m, offsets[i]!, 'Via', parseVia, items[0]!);
      }
    } else if (n === 'contact') {
      const items = splitHeaderList(m.headers[i]!.value);
      for (let k = 0; k < items.length; k++) {
        if (items[k] === '*') wildcard = true;
        else contacts.push(field(r, m, offsets[i]!, 'Contact', parseNameAddr, items[k]!));
      }
    } else if (n === 'from') {
      seen = fromAt;
      fromAt = i;
    } else if (n === 'to') {
      seen = toAt;
      toAt = i;
    } else if (n === 'call-id') {
      seen = callIdAt;
      callIdAt = i;
    } else if (n === 'cseq') {
      seen = cseqAt;
      cseqAt = i;
    }
    if (seen >= 0) fail(r, 'DUPLICATE_HEADER', offsets[i]!, `${m.headers[i]!.name} appears more than once`, m);
  }
  if (topVia === undefined) fail(r, 'MISSING_HEADER', 0, 'the mandatory Via header is missing', m);
  if (fromAt < 0) fail(r, 'MISSING_HEADER', 0, 'the mandatory From header is missing', m);
  if (toAt < 0) fail(r, 'MISSING_HEADER', 0, 'the mandatory To header is missing', m);
  if (callIdAt < 0) fail(r, 'MISSING_HEADER', 0, 'the mandatory Call-ID header is missing', m);
  if (cseqAt < 0) fail(r, 'MISSING_HEADER', 0, 'the mandatory CSeq header is missing', m);
  if (wildcard && contacts.length > 0) fail(r, 'BAD_NAME_ADDR', 0, 'Contact "*" cannot be combined with other contacts', m);
  const callId = m.headers[callIdAt]!.value;
  if (callId.length === 0) fail(r, 'BAD_HEADER', offsets[callIdAt]!, 'empty Call-ID', m);
  for (let i = 0; i < callId.length; i++) {
    if (isWS(callId.charCodeAt(i))) fail(r, 'BAD_HEADER', offsets[callIdAt]! + i, 'the Call-ID holds whitespace', m);
  }
  const from = field(r, m, offsets[fromAt]!, 'From', parseNameAddr, m.headers[fromAt]!.value);
  const to = field(r, m, offsets[toAt]!, 'To', parseNameAddr, m.headers[toAt]!.value);
  const cseq: CSeq = field(r, m, offsets[cseqAt]!, 'CSeq', parseCSeq, m.headers[cseqAt]!.value);
  if (m.type === 'REQUEST' && cseq.method !== m.method) {
    fail(r, 'CSEQ_MISMATCH', offsets[cseqAt]!, `CSeq method ${cseq.method} differs from the request method ${m.method}`, m);
  }
  typed.topVia = topVia;
  typed.contact = contacts;
  typed.from = from;
  typed.to = to;
  typed.cseq = cseq;
}

/**
 * {@link parseSIPMessage} for receive loops: never throws a parse error, returns it.
 * @param input - the bytes (or text).
 * @param options - limits and framing.
 * @returns `{ ok: true, message }` or `{ ok: false, error }` (check `error.partial` to answer 400).
 * @see RFC 3261 §7
 */
export function safeParseSIPMessage(
  input: Uint8Array | string,
  options?: SIPParseOptions,
): { ok: true; message: SIPMessage } | { ok: false; error: SIPParseError } {
  try {
    return { ok: true, message: parseSIPMessage(input, options) };
  } catch (error) {
    if (SIPParseError.isInstance(error)) return { ok: false, error };
    throw error;
  }
}
