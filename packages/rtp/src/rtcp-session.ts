import { ReceptionStats } from './reception-stats.js';
import { RTCPPacketType, SDESItemType, type RTCPPacket, type RTCPReportBlock } from './rtcp-packet.js';

/** Options of {@link RTCPSession}. */
export interface RTCPSessionOptions {
  /** Our SSRC. */
  readonly ssrc: number;
  /** Our canonical name (SDES CNAME, RFC 3550 §6.5.1). */
  readonly cname: string;
  /** RTP clock rate, Hz (8000). */
  readonly clockRate: number;
  /** Minimum report interval, ms (default 5000; the first report uses half, §6.2). */
  readonly minIntervalMs?: number;
  /** Session bandwidth in octets per second; RTCP takes 5 % of it (default 10 000: G.711 at 20 ms with headers). */
  readonly sessionBandwidth?: number;
  /** Uniform random numbers in [0, 1) for the interval's randomisation (default `Math.random`). */
  readonly random?: () => number;
  /** Unix time in ms at clock time 0, for the NTP timestamps of sender reports. */
  readonly wallClockOffsetMs: number;
}

/** Statistics of one source we receive, as an {@link RTPClient} reports them. */
export interface RTPSourceStats {
  readonly ssrc: number;
  /** From its SDES, once received. */
  readonly cname?: string;
  /** RTP packets received. */
  readonly packets: number;
  /** Payload octets received. */
  readonly octets: number;
  /** Cumulative packets lost (RFC 3550 A.3; negative with duplicates). */
  readonly lost: number;
  /** Fraction lost in the last report interval, 0..1. */
  readonly fractionLost: number;
  /** Interarrival jitter, RFC 3550 A.8, in timestamp units. */
  readonly jitter: number;
  /** The same in milliseconds. */
  readonly jitterMs: number;
  /** Extended highest sequence number received. */
  readonly highestSequence: number;
}

/** What a remote said about our stream in its latest report block. */
export interface RTPRemoteReport {
  /** The reporter. */
  readonly ssrc: number;
  /** Fraction of our packets it lost in its last interval, 0..1. */
  readonly fractionLost: number;
  /** Cumulative packets of ours it lost. */
  readonly cumulativeLost: number;
  /** Its jitter estimate of our stream, ms. */
  readonly jitterMs: number;
  /** Round-trip time from its LSR/DLSR (RFC 3550 §6.4.1), ms, when it had received an SR of ours. */
  readonly roundTripTimeMs?: number;
}

/** RTCP counters and per-stream statistics of an {@link RTPClient}. */
export interface RTCPStats {
  /** Our SSRC and what we sent (the sender info of our SRs). */
  readonly sender: { readonly ssrc: number; readonly packets: number; readonly octets: number };
  /** Compound RTCP packets sent. */
  readonly reportsSent: number;
  /** Compound RTCP packets received and parsed. */
  readonly reportsReceived: number;
  /** The sources we receive. */
  readonly sources: readonly RTPSourceStats[];
  /** The latest report on our stream from each remote. */
  readonly remoteReports: readonly RTPRemoteReport[];
  /** The latest round-trip time measured, ms. */
  readonly roundTripTimeMs?: number;
}

const NTP_UNIX_OFFSET = 2_208_988_800;
const COMPENSATION = Math.E - 1.5;
const IP_UDP_OVERHEAD = 28;
const MAX_SOURCES = 31;

/** NTP time of a Unix time in ms, as [seconds, fraction]. */
function ntp(unixMs: number): [number, number] {
  const seconds = Math.floor(unixMs / 1000);
  const fraction = Math.floor(((unixMs - seconds * 1000) / 1000) * 2 ** 32);
  return [(seconds + NTP_UNIX_OFFSET) >>> 0, Math.min(fraction, 0xffffffff)];
}

/** The middle 32 bits of an NTP timestamp (LSR, and "A" of the round-trip computation). */
function ntpMiddle(seconds: number, fraction: number): number {
  return (((seconds & 0xffff) << 16) | (fraction >>> 16)) >>> 0;
}

/**
 * The RTCP side of one RTP session (RFC 3550 §6), sans-IO: it is told what was sent and received and when, builds
 * compound reports (SR or RR, then SDES CNAME, then BYE when leaving), reads incoming ones (round-trip time from
 * LSR/DLSR, remote reports, SDES, BYE) and computes the report interval (§6.3.1, A.7).
 * @see https://www.rfc-editor.org/rfc/rfc3550#section-6
 */
export class RTCPSession {
  readonly #o: RTCPSessionOptions;
  readonly #rate: number;
  readonly #sources = new Map<number, ReceptionStats>();
  readonly #remote = new Map<number, RTPRemoteReport>();
  #packets = 0;
  #octets = 0;
  #lastTimestamp = 0;
  #lastSentAt: number | undefined;
  #sentSinceReport = false;
  #initial = true;
  #avgSize = 0;
  #reportsSent = 0;
  #reportsReceived = 0;
  #rtt: number | undefined;

  /** @param options - identity, rates, randomness. */
  constructor(options: RTCPSessionOptions) {
    this.#o = options;
    this.#rate = options.clockRate / 1000;
  }

  /**
   * Counts one RTP packet we sent (call it per packet; it does not allocate).
   * @param octets - payload length.
   * @param timestamp - its RTP timestamp.
   * @param now - clock ms.
   */
  onSent(octets: number, timestamp: number, now: number): void {
    this.#packets++;
    this.#octets += octets;
    this.#lastTimestamp = timestamp;
    this.#lastSentAt = now;
    this.#sentSinceReport = true;
  }

  /**
   * Counts one RTP packet received from `ssrc`.
   * @param ssrc - its source.
   * @param seq - sequence number.
   * @param timestamp - RTP timestamp.
   * @param octets - payload length.
   * @param now - arrival, clock ms.
   */
  onReceived(ssrc: number, seq: number, timestamp: number, octets: number, now: number): void {
    let source = this.#sources.get(ssrc);
    if (!source) {
      if (this.#sources.size >= MAX_SOURCES) return;
      source = new ReceptionStats(ssrc, seq, this.#o.clockRate);
      this.#sources.set(ssrc, source);
    }
    source.update(seq, timestamp, now, octets);
  }

  /**
   * Reads a received compound packet.
   * @param packets - parsed.
   * @param size - its size in octets (for the average RTCP size, §6.3.3).
   * @param now - arrival, clock ms.
   */
  onRTCP(packets: readonly RTCPPacket[], size: number, now: number): void {
    this.#reportsReceived++;
    this.#avgSize = this.#avgSize === 0 ? size + IP_UDP_OVERHEAD : (size + IP_UDP_OVERHEAD) / 16 + (15 / 16) * this.#avgSize;
    for (const p of packets) {
      if (p.type === RTCPPacketType.SR || p.type === RTCPPacketType.RR) {
        const r = p as { ssrc: number; reports: readonly RTCPReportBlock[]; ntpSeconds?: number; ntpFraction?: number };
        const source = this.#sources.get(r.ssrc);
        if (source && r.ntpSeconds !== undefined) source.lastSR = { ntpMiddle: ntpMiddle(r.ntpSeconds, r.ntpFraction!), at: now };
        for (const block of r.reports) if (block.ssrc === this.#o.ssrc) this.#onBlock(r.ssrc, block, now);
      } else if (p.type === RTCPPacketType.SDES) {
        for (const chunk of (p as { chunks: readonly { ssrc: number; items: readonly { type: number; text: string }[] }[] }).chunks) {
          const cname = chunk.items.find((i) => i.type === SDESItemType.CNAME);
          const source = this.#sources.get(chunk.ssrc);
          if (source && cname) source.cname = cname.text;
        }
      } else if (p.type === RTCPPacketType.BYE) {
        for (const ssrc of (p as { ssrcs: readonly number[] }).ssrcs) {
          this.#sources.delete(ssrc);
          this.#remote.delete(ssrc);
        }
      }
    }
  }

  #onBlock(reporter: number, block: RTCPReportBlock, now: number): void {
    let rtt: number | undefined;
    if (block.lastSR !== 0) {
      const [s, f] = ntp(this.#o.wallClockOffsetMs + now);
      const units = (ntpMiddle(s, f) - block.lastSR - block.delaySinceLastSR) >>> 0;
      // more than 2^31 units means negative: the remote's clock or DLSR is off
      if (units < 2 ** 31) rtt = this.#rtt = (units * 1000) / 65536;
    }
    this.#remote.set(reporter, {
      ssrc: reporter,
      fractionLost: block.fractionLost / 256,
      cumulativeLost: block.cumulativeLost,
      jitterMs: block.jitter / this.#rate,
      ...(rtt === undefined ? {} : { roundTripTimeMs: rtt }),
    });
  }

  /**
   * Builds the compound report to send now: an SR if we sent RTP since the last report, else an RR; report blocks
   * for every source heard; SDES CNAME; and BYE when `bye`.
   * @param now - clock ms.
   * @param bye - append a BYE for our SSRC (leaving the session, §6.6).
   * @returns the packets, in order.
   * @see https://www.rfc-editor.org/rfc/rfc3550#section-6.4
   */
  buildReport(now: number, bye = false): RTCPPacket[] {
    const reports = [...this.#sources.values()].map((s) => s.reportBlock(now));
    const ssrc = this.#o.ssrc;
    const packets: RTCPPacket[] = [];
    if (this.#sentSinceReport && this.#lastSentAt !== undefined) {
      const [ntpSeconds, ntpFraction] = ntp(this.#o.wallClockOffsetMs + now);
      const rtpTimestamp = (this.#lastTimestamp + Math.round((now - this.#lastSentAt) * this.#rate)) >>> 0;
      packets.push({ type: RTCPPacketType.SR, ssrc, ntpSeconds, ntpFraction, rtpTimestamp, packetCount: this.#packets >>> 0, octetCount: this.#octets >>> 0, reports });
    } else {
      packets.push({ type: RTCPPacketType.RR, ssrc, reports });
    }
    packets.push({ type: RTCPPacketType.SDES, chunks: [{ ssrc, items: [{ type: SDESItemType.CNAME, text: this.#o.cname }] }] });
    if (bye) packets.push({ type: RTCPPacketType.BYE, ssrcs: [ssrc] });
    this.#sentSinceReport = false;
    return packets;
  }

  /**
   * Records that a compound of `size` octets was sent (average RTCP size, §6.3.3).
   * @param size - octets.
   */
  onReportSent(size: number): void {
    this.#reportsSent++;
    this.#avgSize = this.#avgSize === 0 ? size + IP_UDP_OVERHEAD : (size + IP_UDP_OVERHEAD) / 16 + (15 / 16) * this.#avgSize;
    this.#initial = false;
  }

  /**
   * The time until the next report, RFC 3550 §6.3.1 and A.7: the deterministic interval from members, senders,
   * average RTCP size and 5 % of the session bandwidth (a quarter of it shared by senders when they are at most a
   * quarter of the members), at least the minimum (half of it before the first report), times a uniform random
   * factor in [0.5, 1.5], divided by e - 3/2.
   * @returns milliseconds.
   * @see https://www.rfc-editor.org/rfc/rfc3550#section-6.3.1
   */
  nextIntervalMs(): number {
    const minimum = (this.#o.minIntervalMs ?? 5000) / (this.#initial ? 2 : 1);
    const bandwidth = 0.05 * (this.#o.sessionBandwidth ?? 10_000);
    const members = 1 + this.#sources.size;
    const senders = this.#sources.size + (this.#sentSinceReport ? 1 : 0);
    const avg = this.#avgSize === 0 ? 100 : this.#avgSize;
    let n = members;
    let c = avg / bandwidth;
    if (senders <= members * 0.25) {
      if (this.#sentSinceReport) {
        c = avg / (0.25 * bandwidth);
        n = senders;
      } else {
        c = avg / (0.75 * bandwidth);
        n = members - senders;
      }
    }
    const t = Math.max(n * c * 1000, minimum);
    return (t * ((this.#o.random ?? Math.random)() + 0.5)) / COMPENSATION;
  }

  /**
   * A snapshot of the statistics.
   * @returns counters, sources, remote reports, round-trip time.
   */
  stats(): RTCPStats {
    return {
      sender: { ssrc: this.#o.ssrc, packets: this.#packets, octets: this.#octets },
      reportsSent: this.#reportsSent,
      reportsReceived: this.#reportsReceived,
      sources: [...this.#sources.values()].map((s) => ({
        ssrc: s.ssrc,
        ...(s.cname === undefined ? {} : { cname: s.cname }),
        packets: s.packets,
        octets: s.octets,
        lost: s.lost,
        fractionLost: s.fractionLost / 256,
        jitter: s.jitter,
        jitterMs: s.jitter / this.#rate,
        highestSequence: s.highestSequence,
      })),
      remoteReports: [...this.#remote.values()],
      ...(this.#rtt === undefined ? {} : { roundTripTimeMs: this.#rtt }),
    };
  }
}
