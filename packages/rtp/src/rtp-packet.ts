import { InvalidRangeError, RTPParseError } from './errors.js';

/**
 * RTP fixed header and payload, RFC 3550 §5.1:
 *
 * ```
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers             |
 * |                             ....                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      defined by profile       |           length              |   (X=1, §5.3.1)
 * |                        header extension                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  payload ...                  | padding ... | padding count   |   (P=1)
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc3550#section-5.1
 */
export interface RTPPacket {
  /** Always 2 after parsing; ignored when serializing (2 is written). */
  readonly version?: number;
  /** P bit: padding octets follow the payload (their count is {@link RTPPacket.paddingLength}). */
  readonly padding: boolean;
  /**
   * Padding octets including the final count octet (1..255), set when {@link RTPPacket.padding} is true. When
   * serializing with `padding` and no length, the packet is padded to a multiple of 4 octets (at least 1).
   */
  readonly paddingLength?: number;
  /** M bit; for audio, the first packet of a talkspurt (RFC 3551 §4.1). */
  readonly marker: boolean;
  /** 0..127. */
  readonly payloadType: number;
  /** 0..65535, wrapping. */
  readonly sequenceNumber: number;
  /** 0..2^32-1, wrapping, in the payload's clock rate. */
  readonly timestamp: number;
  /** 0..2^32-1. */
  readonly ssrc: number;
  /** Up to 15 contributing sources. */
  readonly csrcs: readonly number[];
  /** The header extension (X bit), RFC 3550 §5.3.1; `data.length` is a multiple of 4. */
  readonly extension?: RTPExtension;
  /** The payload without padding: a view into the parsed bytes (copy it to keep it past the datagram). */
  readonly payload: Uint8Array;
}

/** An RTP header extension block: a 16-bit profile value and whole 32-bit words of data. */
export interface RTPExtension {
  /** "Defined by profile" (0xBEDE for RFC 8285 one-byte elements). */
  readonly profile: number;
  /** The extension words, `4 * length` octets. */
  readonly data: Uint8Array;
}

const EMPTY_CSRCS: readonly number[] = Object.freeze([]);

/**
 * Whether a datagram on a muxed port is RTCP rather than RTP: version 2 and a second octet of 192..223 (RTCP
 * packet types 192-223, which as RTP would be M=1 with payload type 64..95).
 * @param bytes - a received datagram.
 * @returns true when it must go to the RTCP decoder, not {@link parseRTPPacket}.
 * @see https://www.rfc-editor.org/rfc/rfc5761#section-4
 */
export function isRTCPPacket(bytes: Uint8Array): boolean {
  if (bytes.length < 2 || bytes[0]! >> 6 !== 2) return false;
  const second = bytes[1]!;
  return second >= 192 && second <= 223;
}

const u32 = (b: Uint8Array, o: number): number => ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;

/**
 * Parses one RTP packet. The payload (and extension data) are views of `bytes`, not copies.
 * @param bytes - one datagram.
 * @returns the packet.
 * @throws {@link RTPParseError} `TOO_SHORT` (under 12 octets), `BAD_VERSION` (V≠2), `RTCP_PACKET` (RFC 5761
 *   demultiplexing: see {@link isRTCPPacket}), `CSRC_TRUNCATED`, `EXTENSION_TRUNCATED`, `BAD_PADDING` (count 0 or
 *   larger than what follows the header).
 * @see https://www.rfc-editor.org/rfc/rfc3550#section-5.1
 */
export function parseRTPPacket(bytes: Uint8Array): RTPPacket {
  const length = bytes.length;
  if (length < 1) throw new RTPParseError('TOO_SHORT', 0, 'an RTP packet has a 12-octet fixed header; got 0 octets', bytes);
  const b0 = bytes[0]!;
  const version = b0 >> 6;
  if (version !== 2) throw new RTPParseError('BAD_VERSION', 0, `RTP version must be 2, got ${version}`, bytes);
  if (isRTCPPacket(bytes)) {
    throw new RTPParseError('RTCP_PACKET', 1, `second octet ${bytes[1]} is an RTCP packet type (RFC 5761 §4), not M+PT`, bytes);
  }
  if (length < 12) throw new RTPParseError('TOO_SHORT', length, `an RTP packet has a 12-octet fixed header; got ${length} octets`, bytes);
  const b1 = bytes[1]!;
  const csrcCount = b0 & 0x0f;
  let offset = 12;
  let csrcs = EMPTY_CSRCS;
  if (csrcCount > 0) {
    if (offset + 4 * csrcCount > length) {
      throw new RTPParseError('CSRC_TRUNCATED', offset, `CC=${csrcCount} needs ${4 * csrcCount} octets of CSRC list, ${length - offset} left`, bytes);
    }
    const list = new Array<number>(csrcCount);
    for (let i = 0; i < csrcCount; i++, offset += 4) list[i] = u32(bytes, offset);
    csrcs = list;
  }
  let extension: RTPExtension | undefined;
  if (b0 & 0x10) {
    if (offset + 4 > length) throw new RTPParseError('EXTENSION_TRUNCATED', offset, `X=1 needs a 4-octet extension header, ${length - offset} left`, bytes);
    const profile = (bytes[offset]! << 8) | bytes[offset + 1]!;
    const words = (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
    offset += 4;
    if (offset + 4 * words > length) {
      throw new RTPParseError('EXTENSION_TRUNCATED', offset, `extension length ${words} words needs ${4 * words} octets, ${length - offset} left`, bytes);
    }
    extension = { profile, data: bytes.subarray(offset, offset + 4 * words) };
    offset += 4 * words;
  }
  let end = length;
  let paddingLength: number | undefined;
  const padding = (b0 & 0x20) !== 0;
  if (padding) {
    paddingLength = bytes[length - 1]!;
    if (paddingLength === 0 || paddingLength > length - offset) {
      throw new RTPParseError('BAD_PADDING', length - 1, `invalid padding count ${paddingLength}: must be 1..${length - offset}`, bytes);
    }
    end = length - paddingLength;
  }
  return {
    version: 2,
    padding,
    paddingLength,
    marker: (b1 & 0x80) !== 0,
    payloadType: b1 & 0x7f,
    sequenceNumber: (bytes[2]! << 8) | bytes[3]!,
    timestamp: u32(bytes, 4),
    ssrc: u32(bytes, 8),
    csrcs,
    extension,
    payload: bytes.subarray(offset, end),
  };
}

/** The padding octets a packet gets when serialized (0 without the P bit). */
function paddingOf(p: RTPPacket, unpadded: number): number {
  if (!p.padding) return 0;
  return p.paddingLength ?? 4 - (unpadded % 4);
}

function checkField(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new InvalidRangeError('BAD_FIELD', `RTP ${name} must be an integer 0..${max}, got ${value}`);
  }
}

/**
 * The number of octets {@link serializeRTPPacket} writes for `p`.
 * @param p - the packet.
 * @returns header + CSRCs + extension + payload + padding.
 */
export function rtpPacketByteLength(p: RTPPacket): number {
  const unpadded = 12 + 4 * p.csrcs.length + (p.extension ? 4 + p.extension.data.length : 0) + p.payload.length;
  return unpadded + paddingOf(p, unpadded);
}

/**
 * Writes `p` into `out` at `offset`, without allocating.
 * @param p - the packet; `version` is ignored (2 is written).
 * @param out - the destination.
 * @param offset - where to start in `out` (default 0).
 * @returns the number of octets written ({@link rtpPacketByteLength}).
 * @throws {@link InvalidRangeError} `BUFFER_TOO_SMALL`, or `BAD_FIELD` for a field that does not fit its bits
 *   (PT > 127, more than 15 CSRCs, extension data not whole words, padding length not 1..255).
 * @see https://www.rfc-editor.org/rfc/rfc3550#section-5.1
 */
export function serializeRTPPacketInto(p: RTPPacket, out: Uint8Array, offset = 0): number {
  checkField('payload type', p.payloadType, 0x7f);
  checkField('sequence number', p.sequenceNumber, 0xffff);
  checkField('timestamp', p.timestamp, 0xffffffff);
  checkField('SSRC', p.ssrc, 0xffffffff);
  const cc = p.csrcs.length;
  if (cc > 15) throw new InvalidRangeError('BAD_FIELD', `RTP allows at most 15 CSRCs, got ${cc}`);
  const ext = p.extension;
  if (ext) {
    checkField('extension profile', ext.profile, 0xffff);
    if (ext.data.length % 4 !== 0 || ext.data.length > 4 * 0xffff) {
      throw new InvalidRangeError('BAD_FIELD', `RTP extension data must be whole 32-bit words, got ${ext.data.length} octets`);
    }
  }
  const unpadded = 12 + 4 * cc + (ext ? 4 + ext.data.length : 0) + p.payload.length;
  const padLength = paddingOf(p, unpadded);
  if (p.padding && (!Number.isInteger(padLength) || padLength < 1 || padLength > 0xff)) {
    throw new InvalidRangeError('BAD_FIELD', `RTP padding length must be 1..255, got ${padLength}`);
  }
  const total = unpadded + padLength;
  if (out.length - offset < total) {
    throw new InvalidRangeError('BUFFER_TOO_SMALL', `RTP packet needs ${total} octets, out has ${out.length - offset} from offset ${offset}`);
  }
  let o = offset;
  out[o++] = 0x80 | (p.padding ? 0x20 : 0) | (ext ? 0x10 : 0) | cc;
  out[o++] = (p.marker ? 0x80 : 0) | p.payloadType;
  out[o++] = p.sequenceNumber >>> 8;
  out[o++] = p.sequenceNumber & 0xff;
  o = writeU32(out, o, p.timestamp);
  o = writeU32(out, o, p.ssrc);
  for (let i = 0; i < cc; i++) o = writeU32(out, o, p.csrcs[i]!);
  if (ext) {
    out[o++] = ext.profile >>> 8;
    out[o++] = ext.profile & 0xff;
    const words = ext.data.length / 4;
    out[o++] = words >>> 8;
    out[o++] = words & 0xff;
    out.set(ext.data, o);
    o += ext.data.length;
  }
  out.set(p.payload, o);
  o += p.payload.length;
  if (p.padding) {
    out.fill(0, o, o + padLength - 1);
    o += padLength;
    out[o - 1] = padLength;
  }
  return o - offset;
}

function writeU32(out: Uint8Array, o: number, v: number): number {
  out[o] = v >>> 24;
  out[o + 1] = (v >>> 16) & 0xff;
  out[o + 2] = (v >>> 8) & 0xff;
  out[o + 3] = v & 0xff;
  return o + 4;
}

/**
 * Serializes `p` into a new array.
 * @param p - the packet.
 * @returns exactly {@link rtpPacketByteLength} octets.
 * @throws {@link InvalidRangeError} `BAD_FIELD` (see {@link serializeRTPPacketInto}).
 * @see https://www.rfc-editor.org/rfc/rfc3550#section-5.1
 */
export function serializeRTPPacket(p: RTPPacket): Uint8Array {
  const out = new Uint8Array(rtpPacketByteLength(p));
  serializeRTPPacketInto(p, out, 0);
  return out;
}

/** What {@link safeParseRTPPacket} returns. */
export type SafeParseRTPResult = { readonly ok: true; readonly packet: RTPPacket } | { readonly ok: false; readonly error: RTPParseError };

/**
 * {@link parseRTPPacket} for receive loops: never throws.
 * @param bytes - one datagram.
 * @returns `{ ok: true, packet }` or `{ ok: false, error }`.
 */
export function safeParseRTPPacket(bytes: Uint8Array): SafeParseRTPResult {
  try {
    return { ok: true, packet: parseRTPPacket(bytes) };
  } catch (e) {
    if (e instanceof RTPParseError) return { ok: false, error: e };
    throw e;
  }
}
