import { InvalidRangeError } from './errors.js';
import { digitToDTMFEvent, type TelephoneEvent } from './telephone-event.js';

/** Options of {@link DTMFSender}. */
export interface DTMFSenderOptions {
  /** Packet interval in ms (default 20). */
  readonly ptime?: number;
  /** RTP clock rate of telephone-event (default 8000). */
  readonly clockRate?: number;
  /** Power level in -dBm0, 0..63 (default 10). */
  readonly volume?: number;
  /** How many times the end packet is sent (default 3, RFC 4733 §2.5.1.4). */
  readonly endPackets?: number;
  /** Packet intervals left without events between two keys (default 2), so receivers see distinct events. */
  readonly gapPackets?: number;
}

/** One telephone-event packet to send, in place of the audio packet of this interval. */
export interface DTMFPacket {
  /** M bit: set on the first packet of an event (§2.5.1.1). */
  readonly marker: boolean;
  /** The event's start timestamp, the same in every packet of the event. */
  readonly timestamp: number;
  /** The payload to send. */
  readonly event: TelephoneEvent;
  /** This is the final end packet of its key: the key is fully sent. */
  readonly last: boolean;
}

/** The shortest and longest key press {@link DTMFSender.enqueue} accepts, in ms. */
export const DTMF_DURATION_LIMITS = Object.freeze({ min: 40, max: 8000 });

interface QueuedKey {
  readonly event: number;
  readonly samples: number;
}

/**
 * Plans RFC 4733 telephone-event packets for DTMF keys, one packet per packet interval. Sans-IO: the RTP session
 * asks {@link DTMFSender.next} on each interval and sends the packet it gets instead of audio, so the audio
 * timestamps stay in step. For a key of `d` samples with `s` samples per packet it yields `ceil(d/s) - 1` packets
 * with growing durations `s, 2s, …` (M=1 on the first), then the end packet (E=1, duration `d`) `endPackets` times,
 * all with the timestamp of the first; then `gapPackets` intervals without events.
 * @see https://www.rfc-editor.org/rfc/rfc4733#section-2.5.1
 */
export class DTMFSender {
  readonly #samplesPerPacket: number;
  readonly #clockRate: number;
  readonly #volume: number;
  readonly #endPackets: number;
  readonly #gapPackets: number;
  readonly #queue: QueuedKey[] = [];
  #index = 0; // packet index within the current key
  #timestamp = 0;
  #gap = 0;

  /** @param options - timing and level. @throws {@link InvalidRangeError} `BAD_OPTION`. */
  constructor(options: DTMFSenderOptions = {}) {
    const ptime = options.ptime ?? 20;
    this.#clockRate = options.clockRate ?? 8000;
    this.#samplesPerPacket = (ptime * this.#clockRate) / 1000;
    this.#volume = options.volume ?? 10;
    this.#endPackets = options.endPackets ?? 3;
    this.#gapPackets = options.gapPackets ?? 2;
    if (!Number.isInteger(this.#samplesPerPacket) || this.#samplesPerPacket <= 0) {
      throw new InvalidRangeError('BAD_OPTION', `ptime ${ptime} ms at ${this.#clockRate} Hz is not a whole number of samples`);
    }
    if (!Number.isInteger(this.#volume) || this.#volume < 0 || this.#volume > 63) {
      throw new InvalidRangeError('BAD_OPTION', `DTMF volume must be 0..63 (-dBm0), got ${this.#volume}`);
    }
    if (!Number.isInteger(this.#endPackets) || this.#endPackets < 1) throw new InvalidRangeError('BAD_OPTION', 'endPackets must be 1 or more');
    if (!Number.isInteger(this.#gapPackets) || this.#gapPackets < 0) throw new InvalidRangeError('BAD_OPTION', 'gapPackets must be 0 or more');
  }

  /** Keys queued or being sent. */
  get pending(): number {
    return this.#queue.length;
  }

  /**
   * Queues one key.
   * @param digit - `'0'`-`'9'`, `'*'`, `'#'`, `'A'`-`'D'`, `'!'`.
   * @param durationMs - how long the key is held, {@link DTMF_DURATION_LIMITS} (default 100).
   * @throws {@link InvalidRangeError} `BAD_DIGIT`, `BAD_DURATION`.
   */
  enqueue(digit: string, durationMs = 100): void {
    const event = digitToDTMFEvent(digit);
    if (!(durationMs >= DTMF_DURATION_LIMITS.min && durationMs <= DTMF_DURATION_LIMITS.max)) {
      throw new InvalidRangeError('BAD_DURATION', `DTMF duration must be ${DTMF_DURATION_LIMITS.min}..${DTMF_DURATION_LIMITS.max} ms, got ${durationMs}`);
    }
    this.#queue.push({ event, samples: Math.round((durationMs * this.#clockRate) / 1000) });
  }

  /**
   * The packet for this packet interval, if a key is being sent.
   * @param timestamp - the RTP timestamp this interval has in the audio stream (used as the event timestamp when
   *   a key starts).
   * @returns the packet to send instead of audio, or undefined (send audio).
   */
  next(timestamp: number): DTMFPacket | undefined {
    if (this.#gap > 0) {
      this.#gap--;
      return undefined;
    }
    const key = this.#queue[0];
    if (!key) return undefined;
    if (this.#index === 0) this.#timestamp = timestamp;
    const growing = Math.ceil(key.samples / this.#samplesPerPacket) - 1;
    const i = this.#index++;
    if (i < growing) {
      return { marker: i === 0, timestamp: this.#timestamp, event: this.#event(key, false, (i + 1) * this.#samplesPerPacket), last: false };
    }
    const last = i === growing + this.#endPackets - 1;
    if (last) {
      this.#queue.shift();
      this.#index = 0;
      this.#gap = this.#gapPackets;
    }
    return { marker: i === 0, timestamp: this.#timestamp, event: this.#event(key, true, key.samples), last };
  }

  /**
   * Drops every queued key, including one being sent (its end packets are not sent).
   * @returns how many keys were dropped.
   */
  clear(): number {
    const n = this.#queue.length;
    this.#queue.length = 0;
    this.#index = 0;
    this.#gap = 0;
    return n;
  }

  #event(key: QueuedKey, end: boolean, duration: number): TelephoneEvent {
    return { event: key.event, end, volume: this.#volume, duration };
  }
}
