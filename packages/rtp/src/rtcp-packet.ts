import { InvalidRangeError, RTPParseError } from './errors.js';

/**
 * RTCP packet types, RFC 3550 §12.1.
 * @see https://www.rfc-editor.org/rfc/rfc3550#section-12.1
 */
export const RTCPPacketType = { SR: 200, RR: 201, SDES: 202, BYE: 203, APP: 204 } as const;

/** SDES item types, RFC 3550 §12.2 (1 = CNAME). */
export const SDESItemType = { CNAME: 1, NAME: 2, EMAIL: 3, PHONE: 4, LOC: 5, TOOL: 6, NOTE: 7, PRIV: 8 } as const;

/**
 * A reception report block, RFC 3550 §6.4.1:
 *
 * ```
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                 SSRC_1 (SSRC of first source)                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | fraction lost |       cumulative number of packets lost       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           extended highest sequence number received           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      interarrival jitter                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         last SR (LSR)                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   delay since last SR (DLSR)                  |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * ```
 */
export interface RTCPReportBlock {
  /** The source this block reports on. */
  readonly ssrc: number;
  /** Fraction lost since the previous report, as a fixed-point number with the binary point at the left (0..255). */
  readonly fractionLost: number;
  /** Cumulative packets lost, a signed 24-bit number (duplicates can make it negative). */
  readonly cumulativeLost: number;
  /** Extended highest sequence number received (cycles << 16 | highest). */
  readonly highestSequence: number;
  /** Interarrival jitter in timestamp units (RFC 3550 §6.4.1, A.8). */
  readonly jitter: number;
  /** Middle 32 bits of the NTP timestamp of the last SR from that source, 0 if none. */
  readonly lastSR: number;
  /** Delay since that SR was received, in 1/65536 s, 0 if none. */
  readonly delaySinceLastSR: number;
}

/** Sender report (PT=200), RFC 3550 §6.4.1. NTP time is split in its two 32-bit words. */
export interface RTCPSenderReport {
  readonly type: 200;
  readonly ssrc: number;
  /** NTP timestamp, seconds since 1900 (most significant word). */
  readonly ntpSeconds: number;
  /** NTP timestamp, fraction of a second in 1/2^32 (least significant word). */
  readonly ntpFraction: number;
  /** The RTP timestamp of the same instant. */
  readonly rtpTimestamp: number;
  /** Sender's packet count. */
  readonly packetCount: number;
  /** Sender's payload octet count. */
  readonly octetCount: number;
  /** Up to 31 report blocks. */
  readonly reports: readonly RTCPReportBlock[];
  /** Profile-specific extension octets after the blocks (whole words), if any. */
  readonly extension?: Uint8Array;
}

/** Receiver report (PT=201), RFC 3550 §6.4.2. */
export interface RTCPReceiverReport {
  readonly type: 201;
  readonly ssrc: number;
  readonly reports: readonly RTCPReportBlock[];
  readonly extension?: Uint8Array;
}

/** One SDES item: type 1..255 and up to 255 octets of UTF-8 text. */
export interface SDESItem {
  readonly type: number;
  readonly text: string;
}

/** One SDES chunk: a source and its items. */
export interface SDESChunk {
  readonly ssrc: number;
  readonly items: readonly SDESItem[];
}

/** Source description (PT=202), RFC 3550 §6.5. */
export interface RTCPSourceDescription {
  readonly type: 202;
  readonly chunks: readonly SDESChunk[];
}

/** Goodbye (PT=203), RFC 3550 §6.6. */
export interface RTCPBye {
  readonly type: 203;
  readonly ssrcs: readonly number[];
  /** Reason for leaving, if given. */
  readonly reason?: string;
}

/** Any other packet type (APP, RTPFB, PSFB, XR, …): kept as the 5-bit count field and the body after the header. */
export interface RTCPOtherPacket {
  readonly type: number;
  readonly count: number;
  /** Octets after the 4-octet header (whole words). */
  readonly body: Uint8Array;
}

/** One packet of an RTCP compound packet. */
export type RTCPPacket = RTCPSenderReport | RTCPReceiverReport | RTCPSourceDescription | RTCPBye | RTCPOtherPacket;

const u32 = (b: Uint8Array, o: number): number => ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
const utf8 = new TextDecoder();
const encoder = new TextEncoder();

/** Whether `p` is a sender report. @param p - a packet. @returns true for PT 200. */
export const isRTCPSenderReport = (p: RTCPPacket): p is RTCPSenderReport => p.type === RTCPPacketType.SR;
/** Whether `p` is a receiver report. @param p - a packet. @returns true for PT 201. */
export const isRTCPReceiverReport = (p: RTCPPacket): p is RTCPReceiverReport => p.type === RTCPPacketType.RR;
/** Whether `p` is a source description. @param p - a packet. @returns true for PT 202. */
export const isRTCPSourceDescription = (p: RTCPPacket): p is RTCPSourceDescription => p.type === RTCPPacketType.SDES;
/** Whether `p` is a BYE. @param p - a packet. @returns true for PT 203. */
export const isRTCPBye = (p: RTCPPacket): p is RTCPBye => p.type === RTCPPacketType.BYE;

/**
 * Parses an RTCP compound packet (one datagram): every packet in order. Padding (P bit) is accepted on the last
 * packet and removed; up to 3 zero octets after the last packet (as X-Lite sends) are ignored. Unknown packet
 * types are kept as {@link RTCPOtherPacket}.
 *
 * ```
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|   RC    |      PT       |     length (words - 1)        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ```
 * @param bytes - one datagram.
 * @returns the packets, at least one.
 * @throws {@link RTPParseError} `TOO_SHORT` (under 4 octets), `BAD_VERSION`, `NOT_RTCP` (packet type outside
 *   192..223), `RTCP_TRUNCATED` (a length field or its content runs past the datagram or packet), `BAD_PADDING`.
 * @see https://www.rfc-editor.org/rfc/rfc3550#section-6.1
 */
export function parseRTCPCompound(bytes: Uint8Array): RTCPPacket[] {
  if (bytes.length < 4) throw new RTPParseError('TOO_SHORT', bytes.length, `an RTCP packet has a 4-octet header; got ${bytes.length} octets`, bytes);
  const packets: RTCPPacket[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    // Some stacks (X-Lite) leave 1..3 stray zero octets after the last packet: ignored.
    if (bytes.length - offset < 4 && offset > 0 && bytes.subarray(offset).every((b) => b === 0)) break;
    if (bytes.length - offset < 4) throw new RTPParseError('RTCP_TRUNCATED', offset, `${bytes.length - offset} octets left after the last RTCP packet, need a 4-octet header`, bytes);
    const b0 = bytes[offset]!;
    if (b0 >> 6 !== 2) throw new RTPParseError('BAD_VERSION', offset, `RTCP version must be 2, got ${b0 >> 6}`, bytes);
    const type = bytes[offset + 1]!;
    if (type < 192 || type > 223) throw new RTPParseError('NOT_RTCP', offset + 1, `packet type ${type} is not RTCP (192..223)`, bytes);
    const length = 4 * (((bytes[offset + 2]! << 8) | bytes[offset + 3]!) + 1);
    if (offset + length > bytes.length) {
      throw new RTPParseError('RTCP_TRUNCATED', offset + 2, `length field says ${length} octets, ${bytes.length - offset} left`, bytes);
    }
    let end = offset + length;
    if (b0 & 0x20) {
      const pad = bytes[end - 1]!;
      if (end !== bytes.length || pad === 0 || pad > length - 4) {
        throw new RTPParseError('BAD_PADDING', end - 1, `padding count ${pad} invalid (only the last packet may pad, 1..${length - 4})`, bytes);
      }
      end -= pad;
    }
    packets.push(parseOne(bytes, offset, end, b0 & 0x1f, type));
    offset += length;
  }
  return packets;
}

function parseOne(bytes: Uint8Array, start: number, end: number, count: number, type: number): RTCPPacket {
  const need = (o: number, n: number, what: string): void => {
    if (o + n > end) throw new RTPParseError('RTCP_TRUNCATED', o, `${what} needs ${n} octets, ${end - o} left in the packet`, bytes);
  };
  let o = start + 4;
  switch (type) {
    case RTCPPacketType.SR:
    case RTCPPacketType.RR: {
      need(o, type === RTCPPacketType.SR ? 24 : 4, type === RTCPPacketType.SR ? 'sender info' : 'reporter SSRC');
      const ssrc = u32(bytes, o);
      o += 4;
      const info = type === RTCPPacketType.SR ? { ntpSeconds: u32(bytes, o), ntpFraction: u32(bytes, o + 4), rtpTimestamp: u32(bytes, o + 8), packetCount: u32(bytes, o + 12), octetCount: u32(bytes, o + 16) } : undefined;
      if (info) o += 20;
      need(o, 24 * count, `${count} report blocks`);
      const reports: RTCPReportBlock[] = [];
      for (let i = 0; i < count; i++, o += 24) reports.push(parseBlock(bytes, o));
      const extension = o < end ? bytes.subarray(o, end) : undefined;
      const report = extension ? { ssrc, reports, extension } : { ssrc, reports };
      return info ? { type: RTCPPacketType.SR, ...report, ...info } : { type: RTCPPacketType.RR, ...report };
    }
    case RTCPPacketType.SDES: {
      const chunks: SDESChunk[] = [];
      for (let c = 0; c < count; c++) {
        need(o, 4, 'SDES chunk SSRC');
        const ssrc = u32(bytes, o);
        o += 4;
        const items: SDESItem[] = [];
        for (;;) {
          need(o, 1, 'SDES item');
          const itemType = bytes[o]!;
          if (itemType === 0) break;
          need(o, 2, 'SDES item length');
          const len = bytes[o + 1]!;
          need(o + 2, len, `SDES item ${itemType}`);
          items.push({ type: itemType, text: utf8.decode(bytes.subarray(o + 2, o + 2 + len)) });
          o += 2 + len;
        }
        o = Math.min(end, o + 4 - ((o - start) % 4)); // the null item, then zeros up to the next word
        chunks.push({ ssrc, items });
      }
      return { type: RTCPPacketType.SDES, chunks };
    }
    case RTCPPacketType.BYE: {
      need(o, 4 * count, `${count} BYE SSRCs`);
      const ssrcs: number[] = [];
      for (let i = 0; i < count; i++, o += 4) ssrcs.push(u32(bytes, o));
      if (o < end) {
        const len = bytes[o]!;
        need(o + 1, len, 'BYE reason');
        return { type: RTCPPacketType.BYE, ssrcs, reason: utf8.decode(bytes.subarray(o + 1, o + 1 + len)) };
      }
      return { type: RTCPPacketType.BYE, ssrcs };
    }
    default:
      return { type, count, body: bytes.subarray(o, end) };
  }
}

function parseBlock(b: Uint8Array, o: number): RTCPReportBlock {
  const lost = (b[o + 5]! << 16) | (b[o + 6]! << 8) | b[o + 7]!;
  return {
    ssrc: u32(b, o),
    fractionLost: b[o + 4]!,
    cumulativeLost: lost & 0x800000 ? lost - 0x1000000 : lost,
    highestSequence: u32(b, o + 8),
    jitter: u32(b, o + 12),
    lastSR: u32(b, o + 16),
    delaySinceLastSR: u32(b, o + 20),
  };
}

function check(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) throw new InvalidRangeError('BAD_FIELD', `RTCP ${name} must be an integer ${min}..${max}, got ${value}`);
}

function textBytes(name: string, text: string): Uint8Array {
  const b = encoder.encode(text);
  if (b.length > 255) throw new InvalidRangeError('BAD_FIELD', `RTCP ${name} is at most 255 octets of UTF-8, got ${b.length}`);
  return b;
}

/** Octets of one packet (header included), after validating it. */
function packetLength(p: RTCPPacket): number {
  switch (p.type) {
    case RTCPPacketType.SR:
    case RTCPPacketType.RR: {
      const r = p as RTCPSenderReport | RTCPReceiverReport;
      if (r.reports.length > 31) throw new InvalidRangeError('BAD_FIELD', `RTCP allows at most 31 report blocks, got ${r.reports.length}`);
      const ext = r.extension?.length ?? 0;
      if (ext % 4 !== 0) throw new InvalidRangeError('BAD_FIELD', `RTCP report extension must be whole words, got ${ext} octets`);
      return 8 + (p.type === RTCPPacketType.SR ? 20 : 0) + 24 * r.reports.length + ext;
    }
    case RTCPPacketType.SDES: {
      const s = p as RTCPSourceDescription;
      if (s.chunks.length > 31) throw new InvalidRangeError('BAD_FIELD', `RTCP SDES allows at most 31 chunks, got ${s.chunks.length}`);
      let n = 4;
      for (const chunk of s.chunks) {
        let c = 4;
        for (const item of chunk.items) {
          check('SDES item type', item.type, 1, 255);
          c += 2 + textBytes('SDES item', item.text).length;
        }
        n += c + 4 - (c % 4);
      }
      return n;
    }
    case RTCPPacketType.BYE: {
      const b = p as RTCPBye;
      if (b.ssrcs.length > 31) throw new InvalidRangeError('BAD_FIELD', `RTCP BYE allows at most 31 SSRCs, got ${b.ssrcs.length}`);
      const reason = b.reason === undefined ? 0 : 1 + textBytes('BYE reason', b.reason).length;
      return 4 + 4 * b.ssrcs.length + Math.ceil(reason / 4) * 4;
    }
    default: {
      const o = p as RTCPOtherPacket;
      check('packet type', o.type, 192, 223);
      check('count', o.count, 0, 31);
      if (o.body.length % 4 !== 0) throw new InvalidRangeError('BAD_FIELD', `RTCP packet body must be whole words, got ${o.body.length} octets`);
      return 4 + o.body.length;
    }
  }
}

/**
 * The number of octets {@link serializeRTCPCompound} writes.
 * @param packets - the compound packet.
 * @returns the sum of the packets' lengths.
 * @throws {@link InvalidRangeError} `BAD_FIELD` (see {@link serializeRTCPCompoundInto}).
 */
export function rtcpCompoundByteLength(packets: readonly RTCPPacket[]): number {
  let n = 0;
  for (const p of packets) n += packetLength(p);
  return n;
}

/**
 * Writes a compound packet into `out` at `offset`. SDES chunks end with a null item and zeros up to the next
 * word; a BYE reason is zero-padded to a word; no P-bit padding is written.
 * @param packets - the packets, in order (RFC 3550 §6.1: a compound starts with an SR or RR and has an SDES CNAME).
 * @param out - the destination.
 * @param offset - where to start (default 0).
 * @returns octets written.
 * @throws {@link InvalidRangeError} `BUFFER_TOO_SMALL`; `BAD_FIELD` for more than 31 blocks/chunks/SSRCs, text
 *   over 255 octets, a field that does not fit its bits, bodies or extensions that are not whole words.
 * @see https://www.rfc-editor.org/rfc/rfc3550#section-6.4
 */
export function serializeRTCPCompoundInto(packets: readonly RTCPPacket[], out: Uint8Array, offset = 0): number {
  const total = rtcpCompoundByteLength(packets);
  if (out.length - offset < total) throw new InvalidRangeError('BUFFER_TOO_SMALL', `RTCP compound needs ${total} octets, out has ${out.length - offset} from offset ${offset}`);
  let o = offset;
  for (const p of packets) {
    const length = packetLength(p);
    out.fill(0, o, o + length);
    const start = o;
    const header = (count: number, type: number): void => {
      out[start] = 0x80 | count;
      out[start + 1] = type;
      out[start + 2] = (length / 4 - 1) >>> 8;
      out[start + 3] = (length / 4 - 1) & 0xff;
    };
    o += 4;
    switch (p.type) {
      case RTCPPacketType.SR:
      case RTCPPacketType.RR: {
        const r = p as RTCPSenderReport | RTCPReceiverReport;
        header(r.reports.length, p.type);
        o = put32(out, o, r.ssrc, 'SSRC');
        if (p.type === RTCPPacketType.SR) {
          const s = p as RTCPSenderReport;
          o = put32(out, o, s.ntpSeconds, 'NTP seconds');
          o = put32(out, o, s.ntpFraction, 'NTP fraction');
          o = put32(out, o, s.rtpTimestamp, 'RTP timestamp');
          o = put32(out, o, s.packetCount, 'packet count');
          o = put32(out, o, s.octetCount, 'octet count');
        }
        for (const b of r.reports) {
          o = put32(out, o, b.ssrc, 'report SSRC');
          check('fraction lost', b.fractionLost, 0, 255);
          check('cumulative lost', b.cumulativeLost, -0x800000, 0x7fffff);
          out[o] = b.fractionLost;
          const lost = b.cumulativeLost & 0xffffff;
          out[o + 1] = lost >>> 16;
          out[o + 2] = (lost >>> 8) & 0xff;
          out[o + 3] = lost & 0xff;
          o = put32(out, o + 4, b.highestSequence, 'highest sequence');
          o = put32(out, o, b.jitter, 'jitter');
          o = put32(out, o, b.lastSR, 'LSR');
          o = put32(out, o, b.delaySinceLastSR, 'DLSR');
        }
        if (r.extension) out.set(r.extension, o);
        break;
      }
      case RTCPPacketType.SDES: {
        const s = p as RTCPSourceDescription;
        header(s.chunks.length, p.type);
        for (const chunk of s.chunks) {
          const chunkStart = o;
          o = put32(out, o, chunk.ssrc, 'SDES SSRC');
          for (const item of chunk.items) {
            const text = encoder.encode(item.text);
            out[o] = item.type;
            out[o + 1] = text.length;
            out.set(text, o + 2);
            o += 2 + text.length;
          }
          o += 4 - ((o - chunkStart) % 4);
        }
        break;
      }
      case RTCPPacketType.BYE: {
        const b = p as RTCPBye;
        header(b.ssrcs.length, p.type);
        for (const ssrc of b.ssrcs) o = put32(out, o, ssrc, 'BYE SSRC');
        if (b.reason !== undefined) {
          const text = encoder.encode(b.reason);
          out[o] = text.length;
          out.set(text, o + 1);
        }
        break;
      }
      default: {
        const x = p as RTCPOtherPacket;
        header(x.count, x.type);
        out.set(x.body, o);
      }
    }
    o = start + length;
  }
  return o - offset;
}

function put32(out: Uint8Array, o: number, v: number, name: string): number {
  check(name, v, 0, 0xffffffff);
  out[o] = v >>> 24;
  out[o + 1] = (v >>> 16) & 0xff;
  out[o + 2] = (v >>> 8) & 0xff;
  out[o + 3] = v & 0xff;
  return o + 4;
}

/**
 * Serializes a compound packet into a new array.
 * @param packets - the packets, in order.
 * @returns exactly {@link rtcpCompoundByteLength} octets.
 * @throws {@link InvalidRangeError} `BAD_FIELD` (see {@link serializeRTCPCompoundInto}).
 * @see https://www.rfc-editor.org/rfc/rfc3550#section-6.1
 */
export function serializeRTCPCompound(packets: readonly RTCPPacket[]): Uint8Array {
  const out = new Uint8Array(rtcpCompoundByteLength(packets));
  serializeRTCPCompoundInto(packets, out, 0);
  return out;
}

/** What {@link safeParseRTCPCompound} returns. */
export type SafeParseRTCPResult = { readonly ok: true; readonly packets: RTCPPacket[] } | { readonly ok: false; readonly error: RTPParseError };

/**
 * {@link parseRTCPCompound} for receive loops: never throws.
 * @param bytes - one datagram.
 * @returns `{ ok: true, packets }` or `{ ok: false, error }`.
 */
export function safeParseRTCPCompound(bytes: Uint8Array): SafeParseRTCPResult {
  try {
    return { ok: true, packets: parseRTCPCompound(bytes) };
  } catch (e) {
    if (e instanceof RTPParseError) return { ok: false, error: e };
    throw e;
  }
}
