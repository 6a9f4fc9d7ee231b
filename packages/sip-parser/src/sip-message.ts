/**
 * The two kinds of SIP message, as stored in {@link SIPMessage} `type`.
 * @see RFC 3261 §7
 */
export const SIPMessageType = { REQUEST: 'REQUEST', RESPONSE: 'RESPONSE' } as const;
/** `'REQUEST' | 'RESPONSE'`. */
export type SIPMessageType = (typeof SIPMessageType)[keyof typeof SIPMessageType];

/**
 * One header field line: the name as it was spelled on the wire (`'v'`, `'VIA'`, `'Via'`), and the value unfolded
 * (each CRLF + whitespace fold replaced by one space) with surrounding whitespace removed.
 * @see RFC 3261 §7.3.1
 */
export interface SIPHeader {
  readonly name: string;
  readonly value: string;
}

/** What requests and responses share. */
export interface SIPMessageBase {
  /** `'SIP/2.0'`. */
  readonly version: string;
  /** Every header field line, in arrival order, unknown ones included. */
  readonly headers: readonly SIPHeader[];
  /** The message body: exactly Content-Length bytes (a view of the parsed input, not a copy). */
  readonly body: Uint8Array;
}

/**
 * A SIP request. `uri` is the Request-URI as text; {@link parseURI} reads it.
 * @see RFC 3261 §7.1
 */
export interface SIPRequest extends SIPMessageBase {
  readonly type: 'REQUEST';
  readonly method: string;
  readonly uri: string;
}

/**
 * A SIP response. `status` may be any 100-699 code, known or not (418 is a 4xx).
 * @see RFC 3261 §7.2
 */
export interface SIPResponse extends SIPMessageBase {
  readonly type: 'RESPONSE';
  readonly status: number;
  readonly reason: string;
}

/** A SIP request or response. */
export type SIPMessage = SIPRequest | SIPResponse;
