import { writeFile } from 'node:fs/promises';

/**
 * Builds pcap files of an RTP stream for SIPp's `play_pcap_audio`: PCMU audio at 20 ms, then RFC 4733
 * telephone-events for a key string, with the audio clock kept in step across the events.
 *
 * File layout (all little-endian pcap, link type 1 = Ethernet): a 24-byte global header, then per packet a
 * 16-byte record header, 14 bytes Ethernet, 20 bytes IPv4, 8 bytes UDP and the RTP packet (RFC 3550 §5.1).
 * @see https://datatracker.ietf.org/doc/html/rfc4733#section-2.5 (sending events)
 */

/** Samples per 20 ms packet at 8 kHz. */
const FRAME_SAMPLES = 160;
const FRAME_US = 20_000;
const PCAP_MAGIC = 0xa1b2c3d4;
const LINKTYPE_ETHERNET = 1;
const ETH_LEN = 14;
const IP_LEN = 20;
const UDP_LEN = 8;
const RTP_HEADER_LEN = 12;
/** pcap timestamps of the first packet (any fixed instant will do; SIPp only uses the differences). */
const START_SECONDS = 1_700_000_000;

/** What the audio between and around the digits sounds like. */
export type PcapAudio = 'tone' | 'noise' | 'silence';

/** Options for {@link buildRTPPcap}. */
export interface RTPPcapOptions {
  /** Seconds of audio before the first digit. */
  readonly audioSeconds: number;
  /** Keys to send as RFC 4733 events after the audio, e.g. `"12#"` (0-9, *, #, A-D). */
  readonly keys: string;
  /** Audio content; default `'tone'` (440 Hz at about -12 dBFS). */
  readonly audio?: PcapAudio;
  /** Tone frequency in Hz for `'tone'`; default 440. */
  readonly toneHz?: number;
  /** Length of each key press in 20 ms frames; default 8 (160 ms). */
  readonly digitFrames?: number;
  /** Audio frames between two key presses (after the 3 end packets); default 25 (500 ms). */
  readonly gapFrames?: number;
  /** Audio frames after the last key; default 10 (200 ms). */
  readonly tailFrames?: number;
  /** RTP payload type of the audio; default 0 (PCMU). */
  readonly payloadType?: number;
  /** RTP payload type of telephone-event; default 101. */
  readonly eventPayloadType?: number;
  /** RTP SSRC; default 0x1234abcd. */
  readonly ssrc?: number;
  /** First RTP sequence number; default 1000. */
  readonly firstSequence?: number;
  /** First RTP timestamp; default 16000. */
  readonly firstTimestamp?: number;
  /** UDP ports written in the capture (SIPp rewrites them); default 6000 → 6002. */
  readonly srcPort?: number;
  readonly dstPort?: number;
}

/** One RTP packet as written into (or read back from) a capture. */
export interface PcapRTPPacket {
  /** Microseconds since the first packet. */
  readonly offsetUs: number;
  readonly marker: boolean;
  readonly payloadType: number;
  readonly sequenceNumber: number;
  readonly timestamp: number;
  readonly ssrc: number;
  readonly payload: Uint8Array;
}

/** A decoded RFC 4733 telephone-event payload (§2.3). */
export interface TelephoneEventPayload {
  readonly event: number;
  readonly end: boolean;
  readonly volume: number;
  readonly duration: number;
}

const DTMF_EVENTS = '0123456789*#ABCD';

/** The RFC 4733 event code of a key (§3.2, table 7). @throws RangeError for anything but 0-9 * # A-D. */
export function dtmfEventCode(key: string): number {
  const code = DTMF_EVENTS.indexOf(key.toUpperCase());
  if (key.length !== 1 || code < 0) throw new RangeError(`not a DTMF key: ${JSON.stringify(key)} (use 0-9, *, #, A-D)`);
  return code;
}

/** The key of an RFC 4733 event code, or undefined for non-DTMF events. */
export function dtmfKey(event: number): string | undefined {
  return DTMF_EVENTS[event];
}

/**
 * The RTP packets of the stream described by `options`, in send order.
 *
 * Timing: packet slot `n` is sent at `n * 20 ms` and audio in slot `n` carries timestamp `first + n * 160`.
 * A key press of `d` frames occupies `d + 2` slots: `d` updates with growing duration (the first with the
 * marker bit), the last of them with the E bit, then two more identical end packets (RFC 4733 §2.5.1.4), each
 * with its own sequence number and the event's start timestamp. Audio resumes in the next slot with the
 * timestamp that slot would have had, so the audio clock never jumps.
 * @param options what to send
 * @returns the packets with their offsets from the start of the capture
 * @throws RangeError when a key is not a DTMF key or a length is not a positive whole number
 */
export function buildRTPPackets(options: RTPPcapOptions): PcapRTPPacket[] {
  const digitFrames = options.digitFrames ?? 8;
  const gapFrames = options.gapFrames ?? 25;
  const tailFrames = options.tailFrames ?? 10;
  const audioFrames = Math.round((options.audioSeconds * 1000) / 20);
  for (const [name, value] of Object.entries({ digitFrames, gapFrames, tailFrames, audioFrames })) {
    if (!Number.isInteger(value) || value < (name === 'digitFrames' ? 1 : 0)) throw new RangeError(`${name} must be a whole number ≥ 0, got ${value}`);
  }
  const codes = [...options.keys].map(dtmfEventCode);
  const audioPT = options.payloadType ?? 0;
  const eventPT = options.eventPayloadType ?? 101;
  const ssrc = (options.ssrc ?? 0x1234abcd) >>> 0;
  const firstTimestamp = options.firstTimestamp ?? 16_000;
  const audio = audioSource(options.audio ?? 'tone', options.toneHz ?? 440);

  const packets: PcapRTPPacket[] = [];
  let seq = options.firstSequence ?? 1000;
  let slot = 0;
  const push = (marker: boolean, payloadType: number, timestamp: number, payload: Uint8Array): void => {
    packets.push({ offsetUs: slot * FRAME_US, marker, payloadType, sequenceNumber: seq & 0xffff, timestamp: timestamp >>> 0, ssrc, payload });
    seq++;
    slot++;
  };
  const slotTimestamp = (): number => firstTimestamp + slot * FRAME_SAMPLES;
  const sendAudio = (frames: number): void => {
    for (let i = 0; i < frames; i++) push(false, audioPT, slotTimestamp(), audio(slot));
  };

  sendAudio(audioFrames);
  codes.forEach((event, index) => {
    const start = slotTimestamp();
    for (let i = 1; i <= digitFrames; i++) {
      const end = i === digitFrames;
      push(i === 1, eventPT, start, telephoneEvent({ event, end, volume: 10, duration: i * FRAME_SAMPLES }));
    }
    for (let r = 0; r < 2; r++) push(false, eventPT, start, telephoneEvent({ event, end: true, volume: 10, duration: digitFrames * FRAME_SAMPLES }));
    sendAudio(index === codes.length - 1 ? tailFrames : gapFrames);
  });
  return packets;
}

/** How long a capture built from `options` plays, in milliseconds. */
export function rtpPcapDurationMs(options: RTPPcapOptions): number {
  const packets = buildRTPPackets(options);
  const last = packets[packets.length - 1];
  return last === undefined ? 0 : last.offsetUs / 1000 + 20;
}

/**
 * A pcap file (Ethernet/IPv4/UDP) holding the stream of {@link buildRTPPackets}.
 * @param options what to send
 * @returns the file's bytes
 */
export function buildRTPPcap(options: RTPPcapOptions): Uint8Array {
  const packets = buildRTPPackets(options);
  const srcPort = options.srcPort ?? 6000;
  const dstPort = options.dstPort ?? 6002;
  const size = 24 + packets.reduce((n, p) => n + 16 + ETH_LEN + IP_LEN + UDP_LEN + RTP_HEADER_LEN + p.payload.length, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, PCAP_MAGIC, true);
  view.setUint16(4, 2, true);
  view.setUint16(6, 4, true);
  view.setInt32(8, 0, true);
  view.setUint32(12, 0, true);
  view.setUint32(16, 65_535, true);
  view.setUint32(20, LINKTYPE_ETHERNET, true);
  let at = 24;
  packets.forEach((p, index) => {
    const rtpLen = RTP_HEADER_LEN + p.payload.length;
    const frameLen = ETH_LEN + IP_LEN + UDP_LEN + rtpLen;
    const usTotal = p.offsetUs;
    view.setUint32(at, START_SECONDS + Math.floor(usTotal / 1_000_000), true);
    view.setUint32(at + 4, usTotal % 1_000_000, true);
    view.setUint32(at + 8, frameLen, true);
    view.setUint32(at + 12, frameLen, true);
    at += 16;
    // Ethernet: locally administered MACs, EtherType IPv4
    out.set([0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01], at);
    view.setUint16(at + 12, 0x0800);
    at += ETH_LEN;
    // IPv4, 127.0.0.1 → 127.0.0.1, DF, TTL 64, UDP
    const ip = at;
    view.setUint8(ip, 0x45);
    view.setUint16(ip + 2, IP_LEN + UDP_LEN + rtpLen);
    view.setUint16(ip + 4, index & 0xffff);
    view.setUint16(ip + 6, 0x4000);
    view.setUint8(ip + 8, 64);
    view.setUint8(ip + 9, 17);
    out.set([127, 0, 0, 1, 127, 0, 0, 1], ip + 12);
    view.setUint16(ip + 10, ipv4Checksum(out.subarray(ip, ip + IP_LEN)));
    at += IP_LEN;
    // UDP, checksum 0 (not computed, allowed over IPv4)
    view.setUint16(at, srcPort);
    view.setUint16(at + 2, dstPort);
    view.setUint16(at + 4, UDP_LEN + rtpLen);
    at += UDP_LEN;
    // RTP fixed header, RFC 3550 §5.1
    view.setUint8(at, 0x80);
    view.setUint8(at + 1, (p.marker ? 0x80 : 0) | (p.payloadType & 0x7f));
    view.setUint16(at + 2, p.sequenceNumber);
    view.setUint32(at + 4, p.timestamp);
    view.setUint32(at + 8, p.ssrc);
    out.set(p.payload, at + RTP_HEADER_LEN);
    at += rtpLen;
  });
  return out;
}

/**
 * Writes {@link buildRTPPcap}'s capture to `path`.
 * @returns the capture's playing time in milliseconds
 */
export async function writeRTPPcap(path: string, options: RTPPcapOptions): Promise<number> {
  await writeFile(path, buildRTPPcap(options));
  return rtpPcapDurationMs(options);
}

/**
 * Reads back the RTP packets of a capture written by {@link buildRTPPcap} (Ethernet/IPv4/UDP only).
 * @throws Error when the file is not such a capture
 */
export function parseRTPPcap(bytes: Uint8Array): PcapRTPPacket[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 24 || view.getUint32(0, true) !== PCAP_MAGIC) throw new Error('not a little-endian microsecond pcap file');
  if (view.getUint32(20, true) !== LINKTYPE_ETHERNET) throw new Error(`link type ${view.getUint32(20, true)} is not Ethernet`);
  const packets: PcapRTPPacket[] = [];
  let firstUs: number | undefined;
  for (let at = 24; at < bytes.length; ) {
    if (at + 16 > bytes.length) throw new Error(`truncated record header at byte ${at}`);
    const us = view.getUint32(at, true) * 1_000_000 + view.getUint32(at + 4, true);
    const len = view.getUint32(at + 8, true);
    const frame = at + 16;
    at = frame + len;
    if (at > bytes.length) throw new Error(`truncated packet at byte ${frame}`);
    if (view.getUint16(frame + 12) !== 0x0800 || view.getUint8(frame + ETH_LEN + 9) !== 17) throw new Error(`packet at byte ${frame} is not IPv4/UDP`);
    const ihl = (view.getUint8(frame + ETH_LEN) & 0x0f) * 4;
    const udp = frame + ETH_LEN + ihl;
    const rtp = udp + UDP_LEN;
    const end = udp + view.getUint16(udp + 4);
    if (end > at || end - rtp < RTP_HEADER_LEN || view.getUint8(rtp) >> 6 !== 2) throw new Error(`packet at byte ${frame} is not RTP`);
    firstUs ??= us;
    const b1 = view.getUint8(rtp + 1);
    packets.push({
      offsetUs: us - firstUs,
      marker: (b1 & 0x80) !== 0,
      payloadType: b1 & 0x7f,
      sequenceNumber: view.getUint16(rtp + 2),
      timestamp: view.getUint32(rtp + 4),
      ssrc: view.getUint32(rtp + 8),
      payload: bytes.subarray(rtp + RTP_HEADER_LEN, end),
    });
  }
  return packets;
}

/** The 4-byte RFC 4733 §2.3 payload of a telephone-event. */
export function telephoneEvent(ev: TelephoneEventPayload): Uint8Array {
  const out = new Uint8Array(4);
  out[0] = ev.event;
  out[1] = (ev.end ? 0x80 : 0) | (ev.volume & 0x3f);
  out[2] = (ev.duration >> 8) & 0xff;
  out[3] = ev.duration & 0xff;
  return out;
}

/** Decodes an RFC 4733 §2.3 payload. @throws Error when shorter than 4 bytes */
export function parseTelephoneEvent(payload: Uint8Array): TelephoneEventPayload {
  if (payload.length < 4) throw new Error(`telephone-event payload of ${payload.length} bytes (need 4)`);
  const flags = payload[1] ?? 0;
  return { event: payload[0] ?? 0, end: (flags & 0x80) !== 0, volume: flags & 0x3f, duration: ((payload[2] ?? 0) << 8) | (payload[3] ?? 0) };
}

/** G.711 μ-law of one linear sample (the classic biased-segment encoder, ITU-T G.711 §2). */
export function linearToMuLaw(sample: number): number {
  const BIAS = 0x84;
  const CLIP = 32_635;
  let s = Math.max(-32_768, Math.min(32_767, Math.round(sample)));
  const sign = s < 0 ? 0x80 : 0;
  if (sign) s = -s;
  if (s > CLIP) s = CLIP;
  s += BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/** A function giving the PCMU payload for packet slot `n`. */
function audioSource(kind: PcapAudio, toneHz: number): (slot: number) => Uint8Array {
  let noiseState = 0x2545f491;
  return (slot) => {
    const frame = new Uint8Array(FRAME_SAMPLES);
    for (let i = 0; i < FRAME_SAMPLES; i++) {
      const n = slot * FRAME_SAMPLES + i;
      let sample = 0;
      if (kind === 'tone') sample = 8000 * Math.sin((2 * Math.PI * toneHz * n) / 8000);
      else if (kind === 'noise') {
        // xorshift32 noise shaped by a 4 Hz syllable-like envelope: speech-like in level, not in content
        noiseState ^= noiseState << 13;
        noiseState ^= noiseState >>> 17;
        noiseState ^= noiseState << 5;
        const envelope = 0.5 + 0.5 * Math.sin((2 * Math.PI * 4 * n) / 8000);
        sample = ((noiseState | 0) / 2 ** 31) * 6000 * envelope;
      }
      frame[i] = linearToMuLaw(sample);
    }
    return frame;
  };
}

/** The RFC 791 header checksum of an IPv4 header whose checksum field is zero. */
function ipv4Checksum(header: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < header.length; i += 2) sum += ((header[i] ?? 0) << 8) | (header[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}
