/** Why bytes are not an RTP packet (or not a telephone-event payload). */
export type RTPParseErrorCode =
  | 'TOO_SHORT'
  | 'BAD_VERSION'
  | 'RTCP_PACKET'
  | 'CSRC_TRUNCATED'
  | 'EXTENSION_TRUNCATED'
  | 'BAD_PADDING'
  | 'BAD_TELEPHONE_EVENT'
  | 'NOT_RTCP'
  | 'RTCP_TRUNCATED';

/** Which argument was out of range. */
export type InvalidRangeErrorCode = 'BAD_FIELD' | 'BUFFER_TOO_SMALL' | 'BAD_DIGIT' | 'BAD_DURATION' | 'BAD_OPTION';

/** Which call came at the wrong moment. */
export type InvalidStateErrorCode = 'ALREADY_STARTED' | 'STOPPED' | 'NO_DTMF_PAYLOAD_TYPE' | 'NOT_SENDING' | 'READABLE_IN_USE';

const PARSE = Symbol.for('@voip/rtp/RTPParseError');
const RANGE = Symbol.for('@voip/rtp/InvalidRangeError');
const STATE = Symbol.for('@voip/rtp/InvalidStateError');
const PORTS = Symbol.for('@voip/rtp/NoPortsAvailableError');

function marked(e: unknown, marker: symbol): boolean {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[marker] === true;
}

/** Up to 32 octets of `bytes` from `offset`, as hex (network input quoted in a message stays short). */
function hexExcerpt(bytes: Uint8Array, offset: number): string {
  const from = Math.max(0, Math.min(offset, bytes.length) - 8);
  const to = Math.min(bytes.length, from + 32);
  const hex = Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from).toString('hex');
  return `${from > 0 ? '…' : ''}${hex}${to < bytes.length ? '…' : ''}`;
}

/**
 * Bytes that are not a valid RTP packet (RFC 3550 §5.1), RTCP compound packet (§6.1) or telephone-event payload
 * (RFC 4733 §2.3). Receive loops
 * count it (`stats.malformed`) and never let it escape.
 * @see https://www.rfc-editor.org/rfc/rfc3550#section-5.1
 */
export class RTPParseError extends Error {
  override readonly name = 'RTPParseError';
  /** Marks instances so that {@link isRTPParseError} works across ESM and CJS copies. */
  readonly [PARSE] = true;

  /**
   * @param code - what was wrong.
   * @param offset - the octet where it went wrong.
   * @param detail - a sentence: what was found and what was expected.
   * @param input - the bytes, quoted (as hex, truncated) in the message.
   */
  constructor(
    readonly code: RTPParseErrorCode,
    readonly offset: number,
    detail: string,
    input: Uint8Array,
  ) {
    super(`${detail} at octet ${offset} of ${input.length}: ${hexExcerpt(input, offset)}`);
  }
}

/**
 * An argument out of range: a field that does not fit its bits, a buffer too small, an unknown DTMF digit, a bad
 * option. Thrown synchronously; it is the caller's mistake.
 */
export class InvalidRangeError extends RangeError {
  override readonly name = 'InvalidRangeError';
  /** Marks instances so that {@link isInvalidRangeError} works across ESM and CJS copies. */
  readonly [RANGE] = true;

  /**
   * @param code - which kind of argument.
   * @param detail - what was given and what is allowed.
   */
  constructor(
    readonly code: InvalidRangeErrorCode,
    detail: string,
  ) {
    super(detail);
  }
}

/** A call at the wrong moment, e.g. `write()` before `start()` or `sendDTMF()` on a receive-only session. */
export class InvalidStateError extends Error {
  override readonly name = 'InvalidStateError';
  /** Marks instances so that {@link isInvalidStateError} works across ESM and CJS copies. */
  readonly [STATE] = true;

  /**
   * @param code - which wrong moment.
   * @param detail - what was attempted and in which state.
   */
  constructor(
    readonly code: InvalidStateErrorCode,
    detail: string,
  ) {
    super(detail);
  }
}

/** No UDP port in the configured range could be bound. */
export class NoPortsAvailableError extends Error {
  override readonly name = 'NoPortsAvailableError';
  /** Marks instances so that {@link isNoPortsAvailableError} works across ESM and CJS copies. */
  readonly [PORTS] = true;

  /**
   * @param host - the address bound to.
   * @param range - the ports tried, inclusive.
   * @param cause - the last bind error.
   */
  constructor(
    readonly host: string,
    readonly range: readonly [number, number],
    cause?: unknown,
  ) {
    super(`no free UDP port on ${host} in ${range[0]}-${range[1]}; widen portRange or free a port`, { cause });
  }
}

/**
 * Whether `e` is an {@link RTPParseError} (from any copy of this package).
 * @param e - anything caught.
 * @returns true for an RTPParseError.
 */
export const isRTPParseError = (e: unknown): e is RTPParseError => marked(e, PARSE);
/**
 * Whether `e` is an {@link InvalidRangeError} (from any copy of this package).
 * @param e - anything caught.
 * @returns true for an InvalidRangeError.
 */
export const isInvalidRangeError = (e: unknown): e is InvalidRangeError => marked(e, RANGE);
/**
 * Whether `e` is an {@link InvalidStateError} (from any copy of this package).
 * @param e - anything caught.
 * @returns true for an InvalidStateError.
 */
export const isInvalidStateError = (e: unknown): e is InvalidStateError => marked(e, STATE);
/**
 * Whether `e` is a {@link NoPortsAvailableError} (from any copy of this package).
 * @param e - anything caught.
 * @returns true for a NoPortsAvailableError.
 */
export const isNoPortsAvailableError = (e: unknown): e is NoPortsAvailableError => marked(e, PORTS);
