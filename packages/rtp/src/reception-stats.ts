import type { RTCPReportBlock } from './rtcp-packet.js';

const MAX_DROPOUT = 3000;
const MAX_MISORDER = 100;
const SEQ_MOD = 0x10000;

/**
 * Reception statistics of one source (SSRC), RFC 3550 Appendix A.1 (sequence validity and extended highest
 * sequence), A.3 (packets expected and lost, fraction lost per interval) and A.8 (interarrival jitter). Sans-IO:
 * arrival times are given in milliseconds of the caller's clock.
 * @see https://www.rfc-editor.org/rfc/rfc3550#appendix-A.1
 */
export class ReceptionStats {
  /** The source. */
  readonly ssrc: number;
  /** Valid packets received. */
  packets = 0;
  /** Payload octets received. */
  octets = 0;
  /** Fraction lost of the last report interval, 0..255 (binary point at the left). */
  fractionLost = 0;
  /** Its CNAME, once an SDES told it. */
  cname: string | undefined;
  /** Middle 32 bits of the NTP time of the last SR from this source, and when (clock ms) it came. */
  lastSR: { readonly ntpMiddle: number; readonly at: number } | undefined;
  readonly #rate: number;
  #baseSeq = 0;
  #maxSeq = 0;
  #cycles = 0;
  #badSeq = SEQ_MOD + 1;
  #expectedPrior = 0;
  #receivedPrior = 0;
  #transit: number | undefined;
  #jitter = 0;

  /**
   * @param ssrc - the source.
   * @param seq - the sequence number of its first packet.
   * @param clockRate - its RTP clock rate in Hz (8000 for G.711).
   */
  constructor(ssrc: number, seq: number, clockRate: number) {
    this.ssrc = ssrc;
    this.#rate = clockRate / 1000;
    this.#init(seq);
  }

  #init(seq: number): void {
    this.#baseSeq = seq;
    this.#maxSeq = seq;
    this.#badSeq = SEQ_MOD + 1;
    this.#cycles = 0;
    this.packets = 0;
    this.#expectedPrior = 0;
    this.#receivedPrior = 0;
  }

  /**
   * Counts one received packet.
   * @param seq - its sequence number.
   * @param timestamp - its RTP timestamp.
   * @param arrivalMs - when it arrived, on the caller's clock.
   * @param octets - its payload length.
   * @returns false when the packet was not counted (a jump of more than 3000 sequence numbers, until confirmed).
   */
  update(seq: number, timestamp: number, arrivalMs: number, octets: number): boolean {
    const udelta = (seq - this.#maxSeq + SEQ_MOD) % SEQ_MOD;
    if (this.packets === 0 && seq === this.#baseSeq) {
      // first packet
    } else if (udelta < MAX_DROPOUT) {
      if (seq < this.#maxSeq) this.#cycles += SEQ_MOD;
      this.#maxSeq = seq;
    } else if (udelta <= SEQ_MOD - MAX_MISORDER) {
      // A.1: a very large jump; two sequential packets in the new range mean the source restarted.
      if (seq !== this.#badSeq) {
        this.#badSeq = (seq + 1) % SEQ_MOD;
        return false;
      }
      this.#init(seq);
    }
    this.packets++;
    this.octets += octets;
    // A.8: J += (|D| - J) / 16, with D the change in transit time, in timestamp units.
    const transit = arrivalMs * this.#rate - timestamp;
    if (this.#transit !== undefined) {
      let d = transit - this.#transit;
      // the RTP timestamp wraps at 2^32
      d = ((((d + 2 ** 31) % 2 ** 32) + 2 ** 32) % 2 ** 32) - 2 ** 31;
      this.#jitter += (Math.abs(d) - this.#jitter) / 16;
    }
    this.#transit = transit;
    return true;
  }

  /** Extended highest sequence number received (cycles + highest). */
  get highestSequence(): number {
    return (this.#cycles + this.#maxSeq) >>> 0;
  }

  /** Packets expected: extended highest - base + 1 (A.3). */
  get expected(): number {
    return this.#cycles + this.#maxSeq - this.#baseSeq + 1;
  }

  /** Cumulative packets lost (A.3), clamped to the signed 24 bits a report carries. */
  get lost(): number {
    return Math.max(-0x800000, Math.min(0x7fffff, this.expected - this.packets));
  }

  /** Interarrival jitter estimate in timestamp units (A.8). */
  get jitter(): number {
    return this.#jitter;
  }

  /**
   * A report block on this source, and the start of a new interval for "fraction lost" (A.3).
   * @param now - clock ms, for DLSR.
   * @returns the block.
   * @see https://www.rfc-editor.org/rfc/rfc3550#section-6.4.1
   */
  reportBlock(now: number): RTCPReportBlock {
    const expected = this.expected;
    const expectedInterval = expected - this.#expectedPrior;
    const receivedInterval = this.packets - this.#receivedPrior;
    this.#expectedPrior = expected;
    this.#receivedPrior = this.packets;
    const lostInterval = expectedInterval - receivedInterval;
    this.fractionLost = expectedInterval === 0 || lostInterval <= 0 ? 0 : Math.floor((lostInterval * 256) / expectedInterval);
    const sr = this.lastSR;
    return {
      ssrc: this.ssrc,
      fractionLost: this.fractionLost,
      cumulativeLost: this.lost,
      highestSequence: this.highestSequence,
      jitter: Math.min(0xffffffff, Math.floor(this.#jitter)),
      lastSR: sr ? sr.ntpMiddle : 0,
      delaySinceLastSR: sr ? Math.min(0xffffffff, Math.round(((now - sr.at) * 65536) / 1000)) : 0,
    };
  }
}
