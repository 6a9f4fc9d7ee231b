import type { RTPPacket } from './rtp-packet.js';
import { dtmfEventToDigit } from './telephone-event.js';

/** Options of {@link DTMFDetector}. */
export interface DTMFDetectorOptions {
  /** The negotiated telephone-event payload type; packets with another one are ignored. Default: accept all. */
  readonly payloadType?: number;
  /** How many recent events are remembered to drop their late or repeated packets (default 32). */
  readonly memory?: number;
}

/**
 * Turns RFC 4733 telephone-event packets into DTMF keys, reporting each key exactly once per event. Sans-IO: feed
 * it packets, it returns keys; it keeps no timers.
 *
 * An event is identified by its SSRC and RTP timestamp (§2.5.1.1: all packets of one event carry the event's start
 * timestamp). The key is reported on the first packet seen of a new event, whichever it is, so a lost start
 * packet (M=1) does not lose the key, and the state updates and three end packets that follow (§2.5.1.2-4),
 * whether they repeat the same sequence number, as SIPp does, or use new ones, are recognised as the same event.
 * A long event split into segments (§2.5.1.3: a new timestamp equal to the previous one plus its duration, no M
 * bit, same code) is not reported again.
 * @see https://www.rfc-editor.org/rfc/rfc4733#section-2.5.1
 */
export class DTMFDetector {
  readonly #payloadType: number | undefined;
  readonly #ssrc: Uint32Array;
  readonly #timestamp: Uint32Array;
  readonly #duration: Uint32Array;
  readonly #event: Uint8Array;
  readonly #ended: Uint8Array;
  #size = 0;
  #head = 0;
  #malformed = 0;

  /** @param options - payload type filter and memory size. */
  constructor(options: DTMFDetectorOptions = {}) {
    const memory = Math.max(1, Math.floor(options.memory ?? 32));
    this.#payloadType = options.payloadType;
    this.#ssrc = new Uint32Array(memory);
    this.#timestamp = new Uint32Array(memory);
    this.#duration = new Uint32Array(memory);
    this.#event = new Uint8Array(memory);
    this.#ended = new Uint8Array(memory);
  }

  /** Telephone-event packets too short to read (they are dropped). */
  get malformed(): number {
    return this.#malformed;
  }

  /**
   * Takes one received packet.
   * @param packet - an RTP packet (any payload type; see {@link DTMFDetectorOptions.payloadType}).
   * @returns the DTMF key (`'0'`-`'9'`, `'*'`, `'#'`, `'A'`-`'D'`, `'!'`) when this packet starts a new event;
   *   otherwise undefined (a repeat, another payload type, a non-DTMF event code, or a payload under 4 octets).
   */
  push(packet: RTPPacket): string | undefined {
    if (this.#payloadType !== undefined && packet.payloadType !== this.#payloadType) return undefined;
    const payload = packet.payload;
    if (payload.length < 4) {
      this.#malformed++;
      return undefined;
    }
    const event = payload[0]!;
    if (event > 16) return undefined;
    const end = (payload[1]! & 0x80) !== 0;
    const duration = (payload[2]! << 8) | payload[3]!;
    const { ssrc, timestamp } = packet;
    const memory = this.#ssrc.length;
    let latest = -1;
    for (let k = 0; k < this.#size; k++) {
      const i = (this.#head - 1 - k + memory) % memory;
      if (this.#ssrc[i] !== ssrc) continue;
      if (latest < 0) latest = i;
      if (this.#timestamp[i] === timestamp) {
        if (duration > this.#duration[i]!) this.#duration[i] = duration;
        if (end) this.#ended[i] = 1;
        return undefined;
      }
    }
    const continuation =
      latest >= 0 &&
      !packet.marker &&
      this.#ended[latest] === 0 &&
      this.#event[latest] === event &&
      ((this.#timestamp[latest]! + this.#duration[latest]!) >>> 0) === timestamp;
    this.#remember(ssrc, timestamp, event, duration, end);
    return continuation ? undefined : dtmfEventToDigit(event);
  }

  /** Forgets every event seen (e.g. when the session restarts). */
  reset(): void {
    this.#size = 0;
    this.#head = 0;
  }

  #remember(ssrc: number, timestamp: number, event: number, duration: number, end: boolean): void {
    const i = this.#head;
    this.#ssrc[i] = ssrc;
    this.#timestamp[i] = timestamp;
    this.#event[i] = event;
    this.#duration[i] = duration;
    this.#ended[i] = end ? 1 : 0;
    this.#head = (i + 1) % this.#ssrc.length;
    if (this.#size < this.#ssrc.length) this.#size++;
  }
}
