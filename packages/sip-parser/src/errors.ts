import type { SIPMessage } from './sip-message.js';

/**
 * Why a SIP (or SDP) text could not be read.
 *
 * - `EMPTY`: nothing but whitespace (a CRLF keep-alive, RFC 5626 §3.5.1): not an error for a receive loop to count.
 * - `MESSAGE_TOO_LARGE`, `LINE_TOO_LONG`, `TOO_MANY_HEADERS`: a limit of {@link SIPParseOptions} was passed.
 * - `BAD_START_LINE`, `BAD_VERSION`, `BAD_STATUS`: the Request-Line or Status-Line (RFC 3261 §7.1, §7.2).
 * - `BAD_HEADER`: a header line without a colon, a name that is not a token, a fold before the first header, a bad value.
 * - `MISSING_HEADER`, `DUPLICATE_HEADER`: RFC 3261 §8.1.1 mandatory headers absent, or a single-value one repeated.
 * - `BAD_URI`, `BAD_NAME_ADDR`, `BAD_VIA`, `BAD_CSEQ`, `CSEQ_MISMATCH`, `BAD_CONTENT_LENGTH`, `BAD_NUMBER`, `BAD_AUTH`:
 *   one field's grammar.
 * - `BODY_TOO_SHORT`: Content-Length is larger than the bytes that follow the header section (RFC 3261 §18.3).
 * - `INCOMPLETE`: stream framing and no blank line ends the header section.
 * - `BAD_SDP`: a session description line (RFC 8866 §5).
 */
export type SIPParseErrorCode =
  | 'EMPTY'
  | 'MESSAGE_TOO_LARGE'
  | 'LINE_TOO_LONG'
  | 'TOO_MANY_HEADERS'
  | 'BAD_START_LINE'
  | 'BAD_VERSION'
  | 'BAD_STATUS'
  | 'BAD_HEADER'
  | 'MISSING_HEADER'
  | 'DUPLICATE_HEADER'
  | 'BAD_URI'
  | 'BAD_NAME_ADDR'
  | 'BAD_VIA'
  | 'BAD_CSEQ'
  | 'CSEQ_MISMATCH'
  | 'BAD_CONTENT_LENGTH'
  | 'BODY_TOO_SHORT'
  | 'INCOMPLETE'
  | 'BAD_NUMBER'
  | 'BAD_AUTH'
  | 'BAD_SDP';

/** Facts attached to a {@link SIPParseError} besides its code and offset. */
export interface SIPParseErrorFacts {
  /** The message as far as it could be read (start line and headers), so a UA can still answer 400. */
  readonly partial?: SIPMessage;
  /** The limit that was passed, for the limit codes. */
  readonly limit?: number;
  /** The actual size or count that passed it. */
  readonly actual?: number;
  /** The error this one wraps. */
  readonly cause?: unknown;
}

const PARSE_MARK = Symbol.for('@voip/sip-parser.SIPParseError');
const BUILD_MARK = Symbol.for('@voip/sip-parser.SIPBuildError');
const EXCERPT_MAX = 64;

/**
 * Up to 64 characters of `input` around `offset`, escaped so that control bytes and quotes are visible and harmless
 * in a log line.
 * @param input - the text or bytes that failed.
 * @param offset - where it failed (a character index for text, a byte index for bytes).
 * @returns the escaped excerpt, with `…` where it was cut.
 */
export function excerpt(input: string | Uint8Array, offset: number): string {
  const start = Math.max(0, Math.min(offset, input.length) - 16);
  const end = Math.min(input.length, start + EXCERPT_MAX);
  let out = start > 0 ? '…' : '';
  for (let i = start; i < end; i++) {
    const c = typeof input === 'string' ? input.charCodeAt(i) : (input[i] as number);
    if (c === 0x5c) out += '\\\\';
    else if (c === 0x22) out += '\\"';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x09) out += '\\t';
    else if (c < 0x20 || c === 0x7f || (typeof input !== 'string' && c > 0x7f)) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += String.fromCharCode(c);
  }
  return end < input.length ? `${out}…` : out;
}

/**
 * A SIP message, header field, URI or session description that could not be read.
 *
 * `code` says what failed, `offset` where (a byte offset into a message, a character offset into a single field's
 * text), and the message quotes the input there, truncated and escaped. `partial` holds the message as far as it was
 * read when the start line and headers were readable but the message is invalid, so a UA can still answer 400.
 * @see RFC 3261 §7, §25
 */
export class SIPParseError extends Error {
  override readonly name = 'SIPParseError';
  /** What failed. */
  readonly code: SIPParseErrorCode;
  /** Where it failed. */
  readonly offset: number;
  /** What was wrong, without the position and excerpt. */
  readonly detail: string;
  /** The message as far as it could be read, when the start line and headers were readable. */
  readonly partial?: SIPMessage;
  /** The limit passed, for `MESSAGE_TOO_LARGE`, `LINE_TOO_LONG`, `TOO_MANY_HEADERS`. */
  readonly limit?: number;
  /** The size or count that passed the limit. */
  readonly actual?: number;
  private readonly [PARSE_MARK] = true;

  /**
   * @param code - what failed.
   * @param offset - where in `input` it failed.
   * @param detail - a sentence saying what was wrong and what was expected.
   * @param input - the text or bytes being read, quoted (truncated, escaped) in the message.
   * @param facts - the partial message, limit and actual size, cause.
   */
  constructor(code: SIPParseErrorCode, offset: number, detail: string, input: string | Uint8Array, facts: SIPParseErrorFacts = {}) {
    super(`${detail} at offset ${offset}: "${excerpt(input, offset)}"`, facts.cause === undefined ? undefined : { cause: facts.cause });
    this.code = code;
    this.offset = offset;
    this.detail = detail;
    if (facts.partial !== undefined) this.partial = facts.partial;
    if (facts.limit !== undefined) this.limit = facts.limit;
    if (facts.actual !== undefined) this.actual = facts.actual;
  }

  /**
   * Whether `e` is a SIPParseError, also one from another copy of this package (ESM and CJS).
   * @param e - any value.
   * @returns true for a SIPParseError.
   */
  static isInstance(e: unknown): e is SIPParseError {
    return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[PARSE_MARK] === true;
  }
}

/**
 * Whether `e` is a {@link SIPParseError}, from any copy of this package.
 * @param e - any value.
 * @returns true for a SIPParseError.
 */
export function isSIPParseError(e: unknown): e is SIPParseError {
  return SIPParseError.isInstance(e);
}

/**
 * Why a value could not be turned into SIP text: a header name that is not a token, a value with CR or LF (which
 * would inject header lines), a method that is not a token, a status outside 100-699.
 */
export type SIPBuildErrorCode = 'BAD_HEADER_NAME' | 'BAD_HEADER_VALUE' | 'BAD_METHOD' | 'BAD_URI' | 'BAD_STATUS' | 'BAD_REASON' | 'BAD_VALUE';

/**
 * A message, header or field value given by the caller that cannot be written as SIP. Thrown synchronously by the
 * builders, the `with*` updaters and the serializers: a programming mistake, not network input.
 * @see RFC 3261 §7.3.1 (header field format)
 */
export class SIPBuildError extends Error {
  override readonly name = 'SIPBuildError';
  /** What was wrong. */
  readonly code: SIPBuildErrorCode;
  private readonly [BUILD_MARK] = true;

  /**
   * @param code - what was wrong.
   * @param detail - a sentence saying what was wrong and what is allowed.
   * @param value - the offending value, quoted (truncated, escaped) in the message.
   */
  constructor(code: SIPBuildErrorCode, detail: string, value: string) {
    super(`${detail}: "${excerpt(value, 0)}"`);
    this.code = code;
  }

  /**
   * Whether `e` is a SIPBuildError, also one from another copy of this package.
   * @param e - any value.
   * @returns true for a SIPBuildError.
   */
  static isInstance(e: unknown): e is SIPBuildError {
    return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BUILD_MARK] === true;
  }
}

/**
 * Whether `e` is a {@link SIPBuildError}, from any copy of this package.
 * @param e - any value.
 * @returns true for a SIPBuildError.
 */
export function isSIPBuildError(e: unknown): e is SIPBuildError {
  return SIPBuildError.isInstance(e);
}
