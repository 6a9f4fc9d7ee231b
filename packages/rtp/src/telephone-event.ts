import { InvalidRangeError, RTPParseError } from './errors.js';

/**
 * An RFC 4733 telephone-event payload (§2.3):
 *
 * ```
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     event     |E|R| volume    |          duration             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc4733#section-2.3
 */
export interface TelephoneEvent {
  /** 0..255; 0-9 digits, 10 `*`, 11 `#`, 12-15 A-D, 16 flash (§3.2). */
  readonly event: number;
  /** E bit: the event has ended. */
  readonly end: boolean;
  /** 0..63, the power level in -dBm0 (10 means -10 dBm0). */
  readonly volume: number;
  /** 0..65535, in timestamp units since the event's timestamp. */
  readonly duration: number;
}

/**
 * Reads the first 4-octet event of a telephone-event payload (the R bit is ignored, as §2.3.4 asks).
 * @param payload - the RTP payload.
 * @returns the event.
 * @throws {@link RTPParseError} `BAD_TELEPHONE_EVENT` when shorter than 4 octets.
 * @see https://www.rfc-editor.org/rfc/rfc4733#section-2.3
 */
export function parseTelephoneEvent(payload: Uint8Array): TelephoneEvent {
  if (payload.length < 4) {
    throw new RTPParseError('BAD_TELEPHONE_EVENT', payload.length, `a telephone-event payload has 4 octets, got ${payload.length}`, payload);
  }
  const b1 = payload[1]!;
  return { event: payload[0]!, end: (b1 & 0x80) !== 0, volume: b1 & 0x3f, duration: (payload[2]! << 8) | payload[3]! };
}

function check(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new InvalidRangeError('BAD_FIELD', `telephone-event ${name} must be an integer 0..${max}, got ${value}`);
  }
}

/**
 * Writes a telephone-event payload into `out` at `offset`, without allocating.
 * @param ev - the event.
 * @param out - the destination, with 4 octets free at `offset`.
 * @param offset - where to write (default 0).
 * @returns 4.
 * @throws {@link InvalidRangeError} `BAD_FIELD` (event > 255, volume > 63, duration > 65535), `BUFFER_TOO_SMALL`.
 */
export function serializeTelephoneEventInto(ev: TelephoneEvent, out: Uint8Array, offset = 0): number {
  check('event', ev.event, 0xff);
  check('volume', ev.volume, 0x3f);
  check('duration', ev.duration, 0xffff);
  if (out.length - offset < 4) throw new InvalidRangeError('BUFFER_TOO_SMALL', `a telephone-event needs 4 octets, out has ${out.length - offset}`);
  out[offset] = ev.event;
  out[offset + 1] = (ev.end ? 0x80 : 0) | ev.volume;
  out[offset + 2] = ev.duration >>> 8;
  out[offset + 3] = ev.duration & 0xff;
  return 4;
}

/**
 * Serializes a telephone-event payload.
 * @param ev - the event.
 * @returns 4 octets.
 * @throws {@link InvalidRangeError} `BAD_FIELD`.
 * @see https://www.rfc-editor.org/rfc/rfc4733#section-2.3
 */
export function serializeTelephoneEvent(ev: TelephoneEvent): Uint8Array {
  const out = new Uint8Array(4);
  serializeTelephoneEventInto(ev, out, 0);
  return out;
}

const DIGITS = '0123456789*#ABCD!';

/**
 * The DTMF key of an RFC 4733 §3.2 event code.
 * @param event - 0..16.
 * @returns `'0'`-`'9'`, `'*'`, `'#'`, `'A'`-`'D'`, or `'!'` for flash (16).
 * @throws {@link InvalidRangeError} `BAD_DIGIT` for other codes (they are not DTMF).
 * @see https://www.rfc-editor.org/rfc/rfc4733#section-3.2
 */
export function dtmfEventToDigit(event: number): string {
  const digit = Number.isInteger(event) ? DIGITS[event] : undefined;
  if (digit === undefined) throw new InvalidRangeError('BAD_DIGIT', `telephone-event ${event} is not a DTMF key (0..16)`);
  return digit;
}

/**
 * The RFC 4733 §3.2 event code of a DTMF key.
 * @param digit - `'0'`-`'9'`, `'*'`, `'#'`, `'A'`-`'D'` (or lower case), `'!'` for flash.
 * @returns 0..16.
 * @throws {@link InvalidRangeError} `BAD_DIGIT` for anything else.
 * @see https://www.rfc-editor.org/rfc/rfc4733#section-3.2
 */
export function digitToDTMFEvent(digit: string): number {
  const i = digit.length === 1 ? DIGITS.indexOf(digit.toUpperCase()) : -1;
  if (i < 0) throw new InvalidRangeError('BAD_DIGIT', `${JSON.stringify(digit.slice(0, 16))} is not a DTMF key; expected one of 0-9 * # A-D !`);
  return i;
}
