/**
 * A FIFO of 16-bit PCM samples waiting to be sent, consumed one packet at a time. Writes are copied in (the caller
 * may reuse its buffer); reads fill a caller-owned frame and pad the rest with silence.
 * @internal
 */
export class PCMQueue {
  #chunks: Int16Array[] = [];
  #head = 0;
  #offset = 0;
  #length = 0;

  /** Samples waiting. */
  get length(): number {
    return this.#length;
  }

  /** Appends a copy of `pcm`. */
  write(pcm: Int16Array): void {
    if (pcm.length === 0) return;
    this.#chunks.push(pcm.slice());
    this.#length += pcm.length;
  }

  /**
   * Moves up to `frame.length` samples into `frame`, zero-filling the rest.
   * @returns how many samples came from the queue.
   */
  take(frame: Int16Array): number {
    let filled = 0;
    while (filled < frame.length && this.#head < this.#chunks.length) {
      const chunk = this.#chunks[this.#head]!;
      const n = Math.min(frame.length - filled, chunk.length - this.#offset);
      frame.set(chunk.subarray(this.#offset, this.#offset + n), filled);
      filled += n;
      this.#offset += n;
      if (this.#offset === chunk.length) {
        this.#head++;
        this.#offset = 0;
      }
    }
    if (filled < frame.length) frame.fill(0, filled);
    this.#length -= filled;
    if (this.#head > 0 && this.#head === this.#chunks.length) {
      this.#chunks.length = 0;
      this.#head = 0;
    } else if (this.#head > 64) {
      this.#chunks = this.#chunks.slice(this.#head);
      this.#head = 0;
    }
    return filled;
  }

  /** Drops everything; returns how many samples were dropped. */
  clear(): number {
    const n = this.#length;
    this.#chunks = [];
    this.#head = 0;
    this.#offset = 0;
    this.#length = 0;
    return n;
  }
}
