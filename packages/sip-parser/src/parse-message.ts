import { CharFinder, codesOf, indexWithin, isSIP20At, isTokenChar, isWS, trimWS, type CharCodes } from './chars.js';
import { readCSeq, type CSeq } from './cseq.js';
import { SIPParseError, type SIPParseErrorCode } from './errors.js';
import { HeaderId, typedHeaderId } from './header-names.js';
import { listItemEnd, toBytes } from './headers.js';
import { newCache, parsedRequest, parsedResponse, type MessageCache } from './message-cache.js';
import { readNameAddr, type NameAddr } from './name-addr.js';
import type { SIPHeader, SIPMessage, SIPRequest, SIPResponse } from './sip-message.js';
import { readURI, type SIPURI } from './uri.js';
import { readVia, type Via } from './via.js';

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
const EMPTY_BODY = new Uint8Array(0);
/** Messages up to this size are decoded whole (one decode finds the blank line); larger ones only their headers. */
const WHOLE_DECODE_MAX = 4096;
/** Find the comma that makes a Via value a list, and whitespace where there must be none. */
const COMMA = new CharFinder(',');
const SPACE = new CharFinder(' ');
const TAB = new CharFinder('\t');

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function incomplete(bytes: Uint8Array): SIPParseError {
  return new SIPParseError('INCOMPLETE', bytes.length, 'no blank line ends the header section', bytes);
}

function view(bytes: Uint8Array, start: number, end: number): Uint8Array {
  if (start >= end) return EMPTY_BODY;
  return new Uint8Array(bytes.buffer, bytes.byteOffset + start, end - start);
}

/** Reading state shared by the steps of one parse, for error reports. */
interface Reader {
  readonly bytes: Uint8Array;
  /** The message decoded as UTF-8 from the start line on: the header section, for a small message the body too. */
  readonly text: string;
  /** The character codes of `text`, which the parse scans (it slices `text`). */
  readonly codes: CharCodes;
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

/**
 * Re-throws the error of a field grammar at its place in the message, with the partial message. `base` is the
 * character index in the header text that the error's offset counts from (0 when the field was read in place).
 */
function fieldFailed(r: Reader, err: unknown, label: string, base: number, m: SIPMessage): never {
  if (!SIPParseError.isInstance(err)) throw err;
  fail(r, err.code, base + err.offset, `${label}: ${err.detail}`, m, err);
}

function checkVersion(r: Reader, version: string, at: number): void {
  if (version === 'SIP/2.0' || version.toUpperCase() === 'SIP/2.0') return;
  const v = version.toUpperCase();
  if (v.startsWith('SIP/') && v.length > 4) fail(r, 'BAD_VERSION', at, `unsupported SIP version "${version}" (only SIP/2.0; answer 505)`);
  fail(r, 'BAD_START_LINE', at, 'expected the SIP version "SIP/2.0"');
}

/** Whether `codes[start, end)` is exactly `SIP/2.0`. */
function isVersion(codes: CharCodes, start: number, end: number): boolean {
  return end - start === 7 && isSIP20At(codes, start);
}

/**
 * Per validated header (by `HeaderId`) of the message being parsed: its header index (-1 for none), its value as
 * `FIELD_SRC[id]` (character codes `FIELD_CODES[id]`) from `FIELD_START` to `FIELD_END`, the character index after
 * its colon (`FIELD_AT`) and where error offsets in its source count from (`FIELD_BASE`). Parsing runs one message at
 * a time, so these are reused.
 */
const FIELD_INDEX = new Int32Array(6);
const FIELD_START = new Int32Array(6);
const FIELD_END = new Int32Array(6);
const FIELD_AT = new Int32Array(6);
const FIELD_BASE = new Int32Array(6);
const FIELD_SRC: string[] = ['', '', '', '', '', ''];
const FIELD_CODES: CharCodes[] = [EMPTY_BODY, EMPTY_BODY, EMPTY_BODY, EMPTY_BODY, EMPTY_BODY, EMPTY_BODY];

/** Where the Request-URI of the last {@link readStartLine} lies in the text (one parse at a time). */
let uriStart = 0;
let uriEnd = 0;

/**
 * Request-Line or Status-Line, RFC 3261 §7.1 / §7.2, the text's `[0, lineEnd)`; extra spaces between the parts are
 * tolerated. Returns the message, its headers and body to be filled in.
 */
function readStartLine(r: Reader, lineEnd: number, headers: SIPHeader[], cache: MessageCache): (SIPRequest | SIPResponse) & { body: Uint8Array } {
  const text = r.text;
  const codes = r.codes;
  let end = lineEnd;
  while (end > 0 && isWS(codes[end - 1]!)) end--;
  if (end === 0) fail(r, 'BAD_START_LINE', 0, 'empty start line');
  const sp1 = indexWithin(codes, 0x20, 0, end);
  if (sp1 <= 0) fail(r, 'BAD_START_LINE', 0, 'expected "METHOD URI SIP/2.0" or "SIP/2.0 CODE REASON"');
  if (sp1 >= 4 && (codes[0]! | 0x20) === 0x73 && (codes[1]! | 0x20) === 0x69 && (codes[2]! | 0x20) === 0x70 && codes[3] === 0x2f) {
    if (!isVersion(codes, 0, sp1)) checkVersion(r, text.slice(0, sp1), 0);
    let i = sp1;
    while (i < end && codes[i] === 0x20) i++;
    const codeStart = i;
    let status = 0;
    while (i < end) {
      const c = codes[i]!;
      if (c < 0x30 || c > 0x39) break;
      if (i - codeStart < 4) status = status * 10 + (c - 0x30);
      i++;
    }
    if (i - codeStart !== 3 || status < 100 || status > 699 || (i < end && codes[i] !== 0x20)) {
      fail(r, 'BAD_STATUS', codeStart, 'the status code must be three digits, 100 to 699');
    }
    while (i < end && isWS(codes[i]!)) i++;
    return parsedResponse(status, text.slice(i, end), headers, cache);
  }
  for (let i = 0; i < sp1; i++) if (!isTokenChar(codes[i]!)) fail(r, 'BAD_START_LINE', i, 'the method must be a token');
  // the version is the last word: search back from the end
  let sp2 = end - 1;
  while (sp2 > sp1 && codes[sp2] !== 0x20) sp2--;
  if (sp2 <= sp1) fail(r, 'BAD_START_LINE', end, 'expected "METHOD Request-URI SIP/2.0"');
  if (!isVersion(codes, sp2 + 1, end)) checkVersion(r, text.slice(sp2 + 1, end), sp2 + 1);
  let us = sp1 + 1;
  let ue = sp2;
  while (us < ue && isWS(codes[us]!)) us++;
  while (ue > us && isWS(codes[ue - 1]!)) ue--;
  if (us === ue) fail(r, 'BAD_START_LINE', sp1, 'missing Request-URI');
  if (SPACE.find(text, us, ue) !== -1 || TAB.find(text, us, ue) !== -1) fail(r, 'BAD_START_LINE', sp1 + 1, 'the Request-URI holds whitespace');
  uriStart = us;
  uriEnd = ue;
  return parsedRequest(text.slice(0, sp1), text.slice(us, ue), headers, cache);
}

/** Throws the error that a malformed header line `text[pos, e)` deserves (called when the quick scan fails). */
function badHeaderLine(r: Reader, pos: number, e: number): never {
  const codes = r.codes;
  const colon = indexWithin(codes, 0x3a, pos, e);
  if (colon === -1) fail(r, 'BAD_HEADER', pos, 'a header line has no colon');
  let nameEnd = colon;
  while (nameEnd > pos && isWS(codes[nameEnd - 1]!)) nameEnd--;
  for (let i = pos; i < nameEnd; i++) {
    if (!isTokenChar(codes[i]!)) fail(r, 'BAD_HEADER', i, 'a header name must be a token');
  }
  fail(r, 'BAD_HEADER', pos, 'empty header name');
}

/**
 * Parses one SIP message from the bytes of a UDP datagram (or one framed TCP message).
 *
 * Tolerant as a real UA is: leading CRLFs, LF-only line ends, folded headers, no space after the colon,
 * compact names, any header-name case, repeated headers kept in order, unknown headers verbatim, unknown status
 * codes. It validates what RFC 3261 §8.1.1 and §8.2.2 need to answer: Via, From, To, Call-ID and CSeq present
 * (From, To, Call-ID, CSeq once), the top Via, From, To and CSeq parseable, CSeq method equal to the request method,
 * Content-Length one number not above the bytes present, Request-URI parseable. Those are cached, so the typed reads
 * are free afterwards. Every other header, the Vias below the top one and Contact included, is parsed when first
 * read (a malformed one throws then: a UAS that reads the Contact of a request answers 400 on that error).
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
  // A small message is decoded whole; when every byte became one character (ASCII: the usual case), text indexes
  // are byte offsets too, and the line loop below finds the blank line that ends the header section (CRLF CRLF,
  // or LF LF from LF-only senders). Otherwise the blank line is found in the bytes and only the headers decoded.
  let text = len - start <= WHOLE_DECODE_MAX ? buf.toString('utf8', start, len) : '';
  const oneToOne = text.length === len - start;
  let bodyStart = len;
  if (!oneToOne) {
    const crlf = buf.indexOf(LF_CRLF, start);
    text = buf.toString('utf8', start, crlf === -1 ? len : crlf + 1);
    if (crlf !== -1) bodyStart = crlf + 3;
    else if (text.indexOf('\n\n') === -1 && stream) throw incomplete(bytes);
  } else if (stream && text.indexOf('\n\r\n') === -1 && text.indexOf('\n\n') === -1) throw incomplete(bytes);
  // When every byte became one character, the bytes are the codes (a byte that is not UTF-8 became U+FFFD: both are
  // non-ASCII, which every character class treats alike).
  const codes = oneToOne ? (start === 0 ? buf : buf.subarray(start)) : codesOf(text);
  const r: Reader = { bytes, text, codes, base: start };
  const tlen = text.length;

  let nl = text.indexOf('\n');
  let lineEnd = nl === -1 ? tlen : nl;
  let e = lineEnd > 0 && codes[lineEnd - 1] === 0x0d ? lineEnd - 1 : lineEnd;
  if (e > maxLine) throw new SIPParseError('LINE_TOO_LONG', r.base, `start line over ${maxLine} characters`, bytes, { limit: maxLine, actual: e });
  const headers: SIPHeader[] = [];
  const cache = newCache();
  const m = readStartLine(r, e, headers, cache);

  // What the validation below needs, gathered in the one pass over the header lines: the top Via read at once, where From, To, Call-ID and CSeq lie (FIELD_*), the first error to report after Content-Length.
  FIELD_INDEX[HeaderId.FROM] = -1;
  FIELD_INDEX[HeaderId.TO] = -1;
  FIELD_INDEX[HeaderId.CALL_ID] = -1;
  FIELD_INDEX[HeaderId.CSEQ] = -1;
  let topVia: Via | undefined;
  let late: unknown;
  let lateLabel = '';
  let lateBase = 0;
  let duplicate = -1;
  let duplicateAt = 0;
  // Content-Length (RFC 3261 §18.3, §20.14): one value, digits only; the first bad line.
  let contentLength = -1;
  let clAt = -1;
  let clBadAt = -1;
  let clBadDetail = '';

  let pos = lineEnd + 1;
  while (pos < tlen) {
    nl = text.indexOf('\n', pos);
    lineEnd = nl === -1 ? tlen : nl;
    e = lineEnd > pos && codes[lineEnd - 1] === 0x0d ? lineEnd - 1 : lineEnd;
    if (e - pos > maxLine) fail(r, 'LINE_TOO_LONG', pos, `header line over ${maxLine} characters`);
    if (e === pos) {
      // The blank line: the body starts after it.
      bodyStart = start + (oneToOne ? lineEnd + 1 : Buffer.byteLength(text.slice(0, lineEnd + 1), 'utf8'));
      break;
    }
    if (isWS(codes[pos]!)) fail(r, 'BAD_HEADER', pos, 'a folded line comes before any header');
    // name *WS ":" in one scan; anything else is read again by badHeaderLine for the exact error.
    let i = pos;
    while (i < e && isTokenChar(codes[i]!)) i++;
    const nameEnd = i;
    while (i < e && isWS(codes[i]!)) i++;
    if (nameEnd === pos || i === e || codes[i] !== 0x3a) badHeaderLine(r, pos, e);
    if (headers.length >= maxHeaders) {
      throw new SIPParseError('TOO_MANY_HEADERS', byteOffset(r, pos), `more than ${maxHeaders} header lines`, bytes, { limit: maxHeaders, actual: headers.length + 1 });
    }
    const valueAt = i + 1;
    const id = typedHeaderId(codes, pos, nameEnd);
    const name = text.slice(pos, nameEnd);
    let vs = valueAt;
    let ve = e;
    while (vs < ve && isWS(codes[vs]!)) vs++;
    while (ve > vs && isWS(codes[ve - 1]!)) ve--;
    let value = text.slice(vs, ve);
    pos = lineEnd + 1;
    // A field is read in place (`text`, vs, ve) unless it was folded: then from its unfolded value.
    let src = text;
    let srcCodes = codes;
    if (pos < tlen && isWS(codes[pos]!)) {
      // Folded (RFC 3261 §7.3.1): each continuation line joins the value after one space.
      while (pos < tlen && isWS(codes[pos]!)) {
        nl = text.indexOf('\n', pos);
        lineEnd = nl === -1 ? tlen : nl;
        e = codes[lineEnd - 1] === 0x0d ? lineEnd - 1 : lineEnd;
        if (e - pos > maxLine) fail(r, 'LINE_TOO_LONG', pos, `header line over ${maxLine} characters`);
        const more = trimWS(text.slice(pos, e));
        if (more.length > 0) value = value.length === 0 ? more : `${value} ${more}`;
        if (value.length > maxLine) fail(r, 'LINE_TOO_LONG', pos, `header ${name} over ${maxLine} characters`);
        pos = lineEnd + 1;
      }
      src = value;
      srcCodes = codesOf(value);
      vs = 0;
      ve = value.length;
    }
    const index = headers.length;
    headers.push({ name, value });
    if (id < 0) continue;
    // Where the offsets of errors in `src` count from, as a character index of `text`.
    const base = src === text ? 0 : valueAt;
    const clean = late === undefined && duplicate < 0;
    if (id === HeaderId.VIA) {
      // Only the top Via is read here (RFC 3261 §8.2.2 answers need it); getVias() reads the others when asked.
      if (topVia === undefined && clean && vs < ve) {
        try {
          topVia = firstVia(src, srcCodes, vs, ve);
        } catch (err) {
          late = err;
          lateLabel = 'Via';
          lateBase = base;
        }
      }
    } else if (id === HeaderId.CONTENT_LENGTH) {
      if (clBadAt >= 0) continue;
      const n = decimal(value, maxBytes + 1);
      if (n < 0) {
        clBadAt = valueAt;
        clBadDetail = 'Content-Length must be a decimal number';
      } else if (contentLength >= 0 && n !== contentLength) {
        clBadAt = valueAt;
        clBadDetail = 'conflicting Content-Length values';
      } else {
        contentLength = n;
        clAt = valueAt;
      }
    } else {
      // From, To, Call-ID, CSeq: once each (RFC 3261 §8.1.1), read after the loop.
      if (FIELD_INDEX[id]! >= 0 && clean) {
        duplicate = index;
        duplicateAt = valueAt;
      }
      FIELD_INDEX[id] = index;
      FIELD_SRC[id] = src;
      FIELD_CODES[id] = srcCodes;
      FIELD_START[id] = vs;
      FIELD_END[id] = ve;
      FIELD_AT[id] = valueAt;
      FIELD_BASE[id] = base;
    }
  }

  const available = len - bodyStart;
  if (clBadAt >= 0) {
    m.body = view(bytes, bodyStart, len);
    fail(r, 'BAD_CONTENT_LENGTH', clBadAt, clBadDetail, m);
  }
  if (contentLength < 0) {
    if (stream) fail(r, 'MISSING_HEADER', 0, 'Content-Length is required on a stream transport', m);
    m.body = view(bytes, bodyStart, len);
  } else if (contentLength > available) {
    m.body = view(bytes, bodyStart, len);
    fail(r, 'BODY_TOO_SHORT', clAt, `Content-Length ${contentLength} is larger than the ${available} body bytes`, m);
  } else m.body = view(bytes, bodyStart, bodyStart + contentLength);

  // RFC 3261 §8.2.2: what makes a request (or response) answerable. The values read are cached for the getters.
  let ruri: SIPURI | undefined;
  if (m.type === 'REQUEST') {
    try {
      ruri = readURI(text, codes, uriStart, uriEnd);
    } catch (err) {
      fieldFailed(r, err, 'Request-URI', 0, m);
    }
  }
  if (late !== undefined) fieldFailed(r, late, lateLabel, lateBase, m);
  if (duplicate >= 0) fail(r, 'DUPLICATE_HEADER', duplicateAt, `${headers[duplicate]!.name} appears more than once`, m);
  if (topVia === undefined) fail(r, 'MISSING_HEADER', 0, 'the mandatory Via header is missing', m);
  if (FIELD_INDEX[HeaderId.FROM]! < 0) fail(r, 'MISSING_HEADER', 0, 'the mandatory From header is missing', m);
  if (FIELD_INDEX[HeaderId.TO]! < 0) fail(r, 'MISSING_HEADER', 0, 'the mandatory To header is missing', m);
  if (FIELD_INDEX[HeaderId.CALL_ID]! < 0) fail(r, 'MISSING_HEADER', 0, 'the mandatory Call-ID header is missing', m);
  if (FIELD_INDEX[HeaderId.CSEQ]! < 0) fail(r, 'MISSING_HEADER', 0, 'the mandatory CSeq header is missing', m);
  checkCallId(r, m);
  let from: NameAddr;
  let to: NameAddr;
  let cseq: CSeq;
  try {
    from = readNameAddr(FIELD_SRC[HeaderId.FROM]!, FIELD_CODES[HeaderId.FROM]!, FIELD_START[HeaderId.FROM]!, FIELD_END[HeaderId.FROM]!);
  } catch (err) {
    fieldFailed(r, err, 'From', FIELD_BASE[HeaderId.FROM]!, m);
  }
  try {
    to = readNameAddr(FIELD_SRC[HeaderId.TO]!, FIELD_CODES[HeaderId.TO]!, FIELD_START[HeaderId.TO]!, FIELD_END[HeaderId.TO]!);
  } catch (err) {
    fieldFailed(r, err, 'To', FIELD_BASE[HeaderId.TO]!, m);
  }
  try {
    cseq = readCSeq(FIELD_SRC[HeaderId.CSEQ]!, FIELD_CODES[HeaderId.CSEQ]!, FIELD_START[HeaderId.CSEQ]!, FIELD_END[HeaderId.CSEQ]!);
  } catch (err) {
    fieldFailed(r, err, 'CSeq', FIELD_BASE[HeaderId.CSEQ]!, m);
  }
  if (m.type === 'REQUEST' && cseq.method !== m.method) {
    fail(r, 'CSEQ_MISMATCH', FIELD_AT[HeaderId.CSEQ]!, `CSeq method ${cseq.method} differs from the request method ${m.method}`, m);
  }
  cache.ruri = ruri;
  cache.topVia = topVia;
  cache.from = from;
  cache.to = to;
  cache.cseq = cseq;
  cache.callId = headers[FIELD_INDEX[HeaderId.CALL_ID]!]!.value;
  FIELD_SRC[HeaderId.FROM] = FIELD_SRC[HeaderId.TO] = FIELD_SRC[HeaderId.CALL_ID] = FIELD_SRC[HeaderId.CSEQ] = '';
  FIELD_CODES[HeaderId.FROM] = FIELD_CODES[HeaderId.TO] = FIELD_CODES[HeaderId.CALL_ID] = FIELD_CODES[HeaderId.CSEQ] = EMPTY_BODY;
  return m;
}

/** The Call-ID must be one word: not empty, no whitespace (RFC 3261 §20.8, §25.1 callid). */
function checkCallId(r: Reader, m: SIPMessage): void {
  const src = FIELD_SRC[HeaderId.CALL_ID]!;
  const start = FIELD_START[HeaderId.CALL_ID]!;
  const end = FIELD_END[HeaderId.CALL_ID]!;
  const at = FIELD_AT[HeaderId.CALL_ID]!;
  if (start === end) fail(r, 'BAD_HEADER', at, 'empty Call-ID', m);
  const sp = SPACE.find(src, start, end);
  const ht = TAB.find(src, start, end);
  if (sp !== -1 || ht !== -1) {
    const ws = sp === -1 || (ht !== -1 && ht < sp) ? ht : sp;
    fail(r, 'BAD_HEADER', FIELD_BASE[HeaderId.CALL_ID]! + ws, 'the Call-ID holds whitespace', m);
  }
}

/** `value` as a decimal number (capped at `cap`), or -1 when it is not one. */
function decimal(value: string, cap: number): number {
  let n = 0;
  let k = 0;
  for (; k < value.length; k++) {
    const c = value.charCodeAt(k);
    if (c < 0x30 || c > 0x39) return -1;
    n = Math.min(n * 10 + (c - 0x30), cap);
  }
  return k === 0 ? -1 : n;
}

/**
 * The first via-parm of the Via value `src[start, end)` (`codes` its character codes), or undefined when it holds
 * only empty list elements.
 */
function firstVia(src: string, codes: CharCodes, start: number, end: number): Via | undefined {
  if (COMMA.find(src, start, end) === -1) return readVia(src, codes, start, end);
  for (let k = start; k < end; ) {
    const stop = listItemEnd(codes, k, end);
    let a = k;
    let b = stop;
    while (a < b && isWS(codes[a]!)) a++;
    while (b > a && isWS(codes[b - 1]!)) b--;
    if (a < b) return readVia(src, codes, a, b);
    k = stop + 1;
  }
  return undefined;
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
