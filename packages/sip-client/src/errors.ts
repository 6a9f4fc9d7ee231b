import type { SIPResponse } from '@voip/sip-parser';

/**
 * Quotes network or user input in an error message: at most `max` characters, control characters escaped.
 * @internal
 */
export function excerpt(text: string, max = 64): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(cut);
}

const brand = (name: string): symbol => Symbol.for(`@voip/sip-client:${name}`);
const hasBrand = (value: unknown, marker: symbol): boolean =>
  typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;

/** Which RFC 3261 timer ran out: B (INVITE client), F (non-INVITE client), H (final response never ACKed). */
export type TransactionTimer = 'B' | 'F' | 'H';
/** {@link TransactionTimeoutError} codes, one per timer. */
export type TransactionTimeoutErrorCode = 'TIMER_B' | 'TIMER_F' | 'TIMER_H';

const TIMEOUT = brand('TransactionTimeoutError');
/**
 * A transaction ended because a timer ran out: no final response (B, F) or no ACK for a final response (H).
 * @see RFC 3261 §17.1.1.2, §17.1.2.2, §17.2.1
 */
export class TransactionTimeoutError extends Error {
  override readonly name = 'TransactionTimeoutError';
  readonly code: TransactionTimeoutErrorCode;
  readonly [TIMEOUT] = true;
  /**
   * @param timer - the timer that fired
   * @param method - the request method of the transaction
   * @param ms - how long the timer ran, in milliseconds
   */
  constructor(readonly timer: TransactionTimer, readonly method: string, readonly ms: number) {
    super(
      timer === 'H'
        ? `no ACK for the final response to ${method} within ${ms} ms (Timer H); the peer may be unreachable`
        : `no final response to ${method} within ${ms} ms (Timer ${timer}); check the destination address and that the peer is up`,
    );
    this.code = `TIMER_${timer}`;
  }
}
/** True for a {@link TransactionTimeoutError}, from any copy of this package (ESM or CJS). */
export const isTransactionTimeoutError = (e: unknown): e is TransactionTimeoutError => hasBrand(e, TIMEOUT);

/** {@link SIPStatusError} codes, by response class. */
export type SIPStatusErrorCode = 'REDIRECTION' | 'CLIENT_ERROR' | 'SERVER_ERROR' | 'GLOBAL_FAILURE';

const STATUS = brand('SIPStatusError');
/**
 * A request was answered with a final non-2xx response.
 * @see RFC 3261 §21
 */
export class SIPStatusError extends Error {
  override readonly name = 'SIPStatusError';
  readonly code: SIPStatusErrorCode;
  readonly status: number;
  readonly reason: string;
  readonly [STATUS] = true;
  /**
   * @param response - the final response
   * @param method - the method of the request it answers
   */
  constructor(readonly response: SIPResponse, method: string) {
    super(`${method} was answered ${response.status} ${excerpt(response.reason)}`);
    this.status = response.status;
    this.reason = response.reason;
    this.code =
      response.status < 400 ? 'REDIRECTION' : response.status < 500 ? 'CLIENT_ERROR' : response.status < 600 ? 'SERVER_ERROR' : 'GLOBAL_FAILURE';
  }
}
/** True for a {@link SIPStatusError}, from any copy of this package. */
export const isSIPStatusError = (e: unknown): e is SIPStatusError => hasBrand(e, STATUS);

/** {@link InvalidAccountInfoError} codes. */
export type InvalidAccountInfoErrorCode = 'FORBIDDEN' | 'CREDENTIALS_REJECTED' | 'NO_CREDENTIALS';

const ACCOUNT = brand('InvalidAccountInfoError');
/**
 * The registrar refused the account: 403, a challenge answered and challenged again, or a challenge for a realm
 * with no credentials.
 * @see RFC 3261 §10.2, §22
 */
export class InvalidAccountInfoError extends Error {
  override readonly name = 'InvalidAccountInfoError';
  readonly [ACCOUNT] = true;
  /**
   * @param code - what went wrong
   * @param detail - a sentence for a person
   * @param response - the response that showed it
   */
  constructor(readonly code: InvalidAccountInfoErrorCode, detail: string, readonly response?: SIPResponse) {
    super(detail);
  }
}
/** True for an {@link InvalidAccountInfoError}, from any copy of this package. */
export const isInvalidAccountInfoError = (e: unknown): e is InvalidAccountInfoError => hasBrand(e, ACCOUNT);

/** {@link InvalidStateError} codes. */
export type InvalidStateErrorCode =
  | 'ILLEGAL_TRANSITION'
  | 'NOT_STARTED'
  | 'NOT_CONFIGURED'
  | 'ALREADY_STARTED'
  | 'STOPPED'
  | 'ALREADY_ANSWERED'
  | 'DIALOG_TERMINATED'
  | 'OFFER_PENDING'
  | 'TOO_MANY_TRANSACTIONS';

const STATE = brand('InvalidStateError');
/** A method was called at a moment it cannot run (before `start()`, after `stop()`, `accept()` twice, …). */
export class InvalidStateError extends Error {
  override readonly name = 'InvalidStateError';
  readonly [STATE] = true;
  /**
   * @param code - what was wrong
   * @param detail - a sentence for a person
   */
  constructor(readonly code: InvalidStateErrorCode, detail: string) {
    super(detail);
  }
}
/** True for an {@link InvalidStateError}, from any copy of this package. */
export const isInvalidStateError = (e: unknown): e is InvalidStateError => hasBrand(e, STATE);

/** {@link TransportError} codes. */
export type TransportErrorCode =
  | 'BIND_FAILED'
  | 'SEND_FAILED'
  | 'CLOSED'
  | 'MESSAGE_TOO_LARGE'
  /** DNS found no address for the destination (RFC 3263). */
  | 'RESOLVE_FAILED'
  /** A TCP or TLS connection could not be opened, or closed before the message was written. */
  | 'CONNECT_FAILED'
  /** The TLS handshake failed (e.g. the server's certificate did not verify). */
  | 'TLS_FAILED';

const TRANSPORT = brand('TransportError');
/**
 * The socket failed: it could not bind, a send failed, or it was closed under a pending request.
 * @see RFC 3261 §18.4
 */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  readonly [TRANSPORT] = true;
  /**
   * @param code - what failed
   * @param detail - a sentence for a person
   * @param cause - the underlying error, if any
   */
  constructor(readonly code: TransportErrorCode, detail: string, cause?: unknown) {
    super(detail, cause === undefined ? undefined : { cause });
  }
}
/** True for a {@link TransportError}, from any copy of this package. */
export const isTransportError = (e: unknown): e is TransportError => hasBrand(e, TRANSPORT);

/** {@link InvalidRangeError} codes. */
export type InvalidRangeErrorCode = 'OUT_OF_RANGE';

const RANGE = brand('InvalidRangeError');
/** An argument is outside what it may be (a status code, a timer value); thrown synchronously. */
export class InvalidRangeError extends Error {
  override readonly name = 'InvalidRangeError';
  readonly code: InvalidRangeErrorCode = 'OUT_OF_RANGE';
  readonly [RANGE] = true;
  /**
   * @param what - the argument's name
   * @param expected - what it may be
   * @param actual - what it was
   */
  constructor(readonly what: string, readonly expected: string, readonly actual: unknown) {
    super(`${what} must be ${expected}, got ${excerpt(String(actual))}`);
  }
}
/** True for an {@link InvalidRangeError}, from any copy of this package. */
export const isInvalidRangeError = (e: unknown): e is InvalidRangeError => hasBrand(e, RANGE);

/**
 * The error an aborted operation rejects with, as the web platform does.
 * @internal
 */
export function abortError(signal?: AbortSignal): DOMException | Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error || reason instanceof DOMException) {
    if (reason.name === 'AbortError') return reason;
  }
  return new DOMException('The operation was aborted', 'AbortError');
}
