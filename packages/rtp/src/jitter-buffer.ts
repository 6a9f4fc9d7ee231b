import { InvalidRangeError } from './errors.js';
import { seqDiff } from './sequence.js';

/** Options of {@link JitterBuffer}. */
export interface JitterBufferOptions {
  /** Slots in the ring, a power of two (default 64): packets further ahead than this restart the buffer. */
  readonly capacity?: number;
  /**
   * How many later packets must have arrived before a missing one is declared lost (default 3). Up to this many
   * packets of reordering are undone; the cost is that much delay, and only when a packet is missing.
   */
  readonly reorderWindow?: number;
}

/** What {@link JitterBuffer.push} did with a packet. */
export const JitterPushResult = Object.freeze({
  /** Stored in order of sequence. */
  ACCEPTED: 'accepted',
  /** A packet with this sequence number is already held: dropped. */
  DUPLICATE: 'duplicate',
  /** Older than what was already played out: dropped. */
  LATE: 'late',
  /** A new SSRC, or a jump further than the capacity: the buffer restarted with this packet. */
  RESET: 'reset',
} as const);
/** One of the {@link JitterPushResult} values. */
export type JitterPushResult = (typeof JitterPushResult)[keyof typeof JitterPushResult];

/** One frame of output: a packet's item, or a lost packet (`item` undefined: play silence). */
export interface JitterFrame<T> {
  readonly sequenceNumber: number;
  readonly item: T | undefined;
}

/**
 * Puts RTP packets back in sequence order. Sans-IO: {@link JitterBuffer.push} stores, {@link JitterBuffer.pop}
 * releases the next frame when it is there, or declares it lost once `reorderWindow` later packets are waiting (or
 * when asked to force). Packets live in a fixed ring indexed by `sequenceNumber & (capacity - 1)`; sequence numbers
 * compare in 16-bit wraparound arithmetic (65535 is followed by 0). A change of SSRC (a new source, RFC 3550 §8)
 * restarts it.
 * @typeParam T - what is stored per packet (a payload view, a decoded frame).
 */
export class JitterBuffer<T> {
  readonly #mask: number;
  readonly #window: number;
  readonly #seqs: Int32Array;
  readonly #items: (T | undefined)[];
  #ssrc = -1;
  #next = -1;
  #count = 0;
  #lost = 0;

  /** @param options - capacity and reorder window. @throws {@link InvalidRangeError} `BAD_OPTION`. */
  constructor(options: JitterBufferOptions = {}) {
    const capacity = options.capacity ?? 64;
    if (!Number.isInteger(capacity) || capacity < 2 || capacity > 32768 || (capacity & (capacity - 1)) !== 0) {
      throw new InvalidRangeError('BAD_OPTION', `jitter buffer capacity must be a power of two 2..32768, got ${capacity}`);
    }
    this.#window = options.reorderWindow ?? 3;
    if (!Number.isInteger(this.#window) || this.#window < 1 || this.#window >= capacity) {
      throw new InvalidRangeError('BAD_OPTION', `reorderWindow must be 1..${capacity - 1}, got ${this.#window}`);
    }
    this.#mask = capacity - 1;
    this.#seqs = new Int32Array(capacity).fill(-1);
    this.#items = new Array<T | undefined>(capacity).fill(undefined);
  }

  /** Packets held. */
  get size(): number {
    return this.#count;
  }

  /** Packets declared lost so far (gaps returned by {@link JitterBuffer.pop}). */
  get lost(): number {
    return this.#lost;
  }

  /**
   * Stores one packet.
   * @param ssrc - its SSRC.
   * @param sequenceNumber - its sequence number, 0..65535.
   * @param item - what to hand back from {@link JitterBuffer.pop}.
   * @returns what happened to it.
   */
  push(ssrc: number, sequenceNumber: number, item: T): JitterPushResult {
    let result: JitterPushResult = JitterPushResult.ACCEPTED;
    if (ssrc !== this.#ssrc || this.#next < 0) {
      if (this.#next >= 0) result = JitterPushResult.RESET;
      this.#restart(ssrc, sequenceNumber);
    }
    const ahead = seqDiff(sequenceNumber, this.#next);
    if (ahead < 0) return JitterPushResult.LATE;
    if (ahead > this.#mask) {
      this.#restart(ssrc, sequenceNumber);
      result = JitterPushResult.RESET;
    }
    const slot = sequenceNumber & this.#mask;
    if (this.#seqs[slot] === sequenceNumber) return JitterPushResult.DUPLICATE;
    this.#seqs[slot] = sequenceNumber;
    this.#items[slot] = item;
    this.#count++;
    return result;
  }

  /**
   * Releases the next frame in sequence order.
   * @param force - declare the next packet lost now if it is missing and anything later is held (for a caller
   *   whose playout deadline has passed).
   * @returns the next packet's frame; a lost frame (`item` undefined) when it is missing and enough later packets
   *   wait; undefined when there is nothing to release yet.
   */
  pop(force = false): JitterFrame<T> | undefined {
    if (this.#count === 0) return undefined;
    const seq = this.#next;
    const slot = seq & this.#mask;
    this.#next = (seq + 1) & 0xffff;
    if (this.#seqs[slot] === seq) {
      const item = this.#items[slot];
      this.#seqs[slot] = -1;
      this.#items[slot] = undefined;
      this.#count--;
      return { sequenceNumber: seq, item };
    }
    // Every held packet is newer than the missing one: `window` of them mean it is lost, not just reordered.
    if (force || this.#count >= this.#window) {
      this.#lost++;
      return { sequenceNumber: seq, item: undefined };
    }
    this.#next = seq;
    return undefined;
  }

  /** Drops everything held and forgets the source. */
  reset(): void {
    this.#restart(-1, -1);
  }

  #restart(ssrc: number, next: number): void {
    this.#seqs.fill(-1);
    this.#items.fill(undefined);
    this.#count = 0;
    this.#ssrc = ssrc;
    this.#next = next;
  }
}
