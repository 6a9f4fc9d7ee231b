import { corpusBytes } from '@voip/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPcapUDP } from '../test/pcap.js';
import { hex, rtpVectors } from '../test/vectors.js';
import { isInvalidRangeError, isRTPParseError } from './errors.js';
import {
  isRTCPBye,
  isRTCPReceiverReport,
  isRTCPSenderReport,
  isRTCPSourceDescription,
  parseRTCPCompound,
  rtcpCompoundByteLength,
  safeParseRTCPCompound,
  serializeRTCPCompound,
  serializeRTCPCompoundInto,
  type RTCPPacket,
  type RTCPReportBlock,
} from './rtcp-packet.js';
import { isRTCPPacket } from './rtp-packet.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isRTPParseError(e) || isInvalidRangeError(e) ? e.code : `not ours: ${String(e)}`;
  }
  return undefined;
}

describe('parseRTCPCompound on the corpus', () => {
  it('decodes the SR of rtp-vectors.json as its decoded_as_rtcp says, and writes the same bytes', () => {
    const v = rtpVectors().find((c) => c.id === 'rtcp-sr-on-rtp-port')!;
    const bytes = hex(v.hex);
    const [sr, ...rest] = parseRTCPCompound(bytes);
    expect(rest).toEqual([]);
    expect(sr).toEqual({
      type: 200,
      ssrc: 0x12345678,
      ntpSeconds: 0xe6a3b7d2,
      ntpFraction: 0x40000000,
      rtpTimestamp: 8000,
      packetCount: 50,
      octetCount: 8000,
      reports: [],
    });
    expect(Buffer.from(serializeRTCPCompound([sr!])).toString('hex')).toBe(v.hex);
  });

  const datagrams = readPcapUDP(corpusBytes('sip-real/pcap/rtp_rtcp_sip.pcap')).filter((d) => isRTCPPacket(d.payload));

  it('finds the real RTCP of rtp_rtcp_sip.pcap', () => {
    expect(datagrams.length).toBe(28);
  });

  it.each(datagrams.map((d, i) => ({ i, d })))('pcap RTCP #$i parses, starts with an SR, and re-serializes byte for byte', ({ d }) => {
    const packets = parseRTCPCompound(d.payload);
    expect(isRTCPSenderReport(packets[0]!)).toBe(true);
    // X-Lite's datagrams carry 2 stray zero octets after the compound: everything before them comes back.
    const bytes = serializeRTCPCompound(packets);
    expect(d.payload.length - bytes.length).toBeLessThan(4);
    expect(Buffer.from(bytes).equals(Buffer.from(d.payload.subarray(0, bytes.length)))).toBe(true);
  });

  it('reads a real SR + SDES: CNAME text and the report of the other side', () => {
    const compound = datagrams.map((d) => parseRTCPCompound(d.payload)).find((ps) => ps.some(isRTCPSourceDescription) && ps[0]!.type === 200 && (ps[0] as { ssrc: number }).ssrc === 0xd2bd4e3e)!;
    const sr = compound[0]!;
    if (!isRTCPSenderReport(sr)) throw new Error('not an SR');
    expect(sr.reports).toHaveLength(1);
    expect(sr.reports[0]!.ssrc).toBe(0xd2bd4e3e); // X-Lite reports on its own SSRC: kept as sent
    expect(sr.reports[0]!.lastSR).toBe(0x86d4f645); // middle 32 bits of its own NTP time
    const sdes = compound.find(isRTCPSourceDescription)!;
    expect(sdes.chunks[0]!.items[0]).toEqual({ type: 1, text: 'unknown@200.57.7.204' });
  });
});

describe('parseRTCPCompound errors', () => {
  const sr = hex(rtpVectors().find((c) => c.id === 'rtcp-sr-on-rtp-port')!.hex);
  it.each([
    ['TOO_SHORT', hex('80c8')],
    ['BAD_VERSION', hex('40c80000')],
    ['NOT_RTCP', hex('80000000')],
    ['RTCP_TRUNCATED', sr.subarray(0, 20)],
    ['RTCP_TRUNCATED', Uint8Array.from([...sr, 0x80])],
    ['RTCP_TRUNCATED', hex('81c9000112345678')], // RC=1 but no block
    ['BAD_PADDING', hex('a0cb000000000000').subarray(0, 4)],
    ['BAD_PADDING', hex('a1cb000112345600')],
  ])('%s', (code, bytes) => {
    expect(codeOf(() => parseRTCPCompound(bytes))).toBe(code);
    expect(safeParseRTCPCompound(bytes).ok).toBe(false);
  });

  it('accepts padding on the last packet and removes it', () => {
    const [bye] = parseRTCPCompound(hex('a1cb0002123456780000000' + '4'));
    expect(bye).toEqual({ type: 203, ssrcs: [0x12345678] });
  });

  it('never throws anything but RTPParseError on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        const r = safeParseRTCPCompound(bytes);
        if (r.ok) expect(r.packets.length).toBeGreaterThan(0);
      }),
    );
  });
});

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const arbBlock: fc.Arbitrary<RTCPReportBlock> = fc.record({
  ssrc: u32,
  fractionLost: fc.integer({ min: 0, max: 255 }),
  cumulativeLost: fc.integer({ min: -0x800000, max: 0x7fffff }),
  highestSequence: u32,
  jitter: u32,
  lastSR: u32,
  delaySinceLastSR: u32,
});
const text = fc.string({ maxLength: 60 });
const arbPacket: fc.Arbitrary<RTCPPacket> = fc.oneof(
  fc.record({ type: fc.constant(200 as const), ssrc: u32, ntpSeconds: u32, ntpFraction: u32, rtpTimestamp: u32, packetCount: u32, octetCount: u32, reports: fc.array(arbBlock, { maxLength: 3 }) }),
  fc.record({ type: fc.constant(201 as const), ssrc: u32, reports: fc.array(arbBlock, { maxLength: 3 }) }),
  fc.record({ type: fc.constant(202 as const), chunks: fc.array(fc.record({ ssrc: u32, items: fc.array(fc.record({ type: fc.integer({ min: 1, max: 8 }), text }), { maxLength: 3 }) }), { maxLength: 3 }) }),
  fc.record({ type: fc.constant(203 as const), ssrcs: fc.array(u32, { maxLength: 3 }), reason: fc.option(text, { nil: undefined }) }, { requiredKeys: ['type', 'ssrcs'] }),
  fc.record({ type: fc.constant(204), count: fc.integer({ min: 0, max: 31 }), body: fc.uint8Array({ maxLength: 4 }).map((b) => new Uint8Array(b.length * 4).fill(7)) }),
);

describe('serializeRTCPCompound', () => {
  it('round-trips any compound: parse(serialize(v)) equals v', () => {
    fc.assert(
      fc.property(fc.array(arbPacket, { minLength: 1, maxLength: 4 }), (packets) => {
        const bytes = serializeRTCPCompound(packets);
        expect(bytes.length).toBe(rtcpCompoundByteLength(packets));
        expect(bytes.length % 4).toBe(0);
        expect(parseRTCPCompound(bytes)).toEqual(packets);
      }),
    );
  });

  it('writes SR, SDES CNAME and BYE as the RFC lays them out', () => {
    const bytes = serializeRTCPCompound([
      { type: 201, ssrc: 1, reports: [{ ssrc: 2, fractionLost: 64, cumulativeLost: -1, highestSequence: 0x10005, jitter: 12, lastSR: 3, delaySinceLastSR: 65536 }] },
      { type: 202, chunks: [{ ssrc: 1, items: [{ type: 1, text: 'ab' }] }] },
      { type: 203, ssrcs: [1], reason: 'bye' },
    ]);
    expect(Buffer.from(bytes).toString('hex')).toBe(
      '81c90007' + '00000001' + '00000002' + '40ffffff' + '00010005' + '0000000c' + '00000003' + '00010000' +
        '81ca0003' + '00000001' + '01026162' + '00000000' +
        '81cb0002' + '00000001' + '03627965',
    );
    const [rr, sdes, bye] = parseRTCPCompound(bytes);
    expect(isRTCPReceiverReport(rr!) && rr.reports[0]!.cumulativeLost).toBe(-1);
    expect(isRTCPSourceDescription(sdes!)).toBe(true);
    expect(isRTCPBye(bye!) && bye.reason).toBe('bye');
  });

  it.each([
    ['BAD_FIELD', [{ type: 201, ssrc: 1, reports: Array.from({ length: 32 }, () => ({ ssrc: 0, fractionLost: 0, cumulativeLost: 0, highestSequence: 0, jitter: 0, lastSR: 0, delaySinceLastSR: 0 })) }]],
    ['BAD_FIELD', [{ type: 202, chunks: [{ ssrc: 1, items: [{ type: 1, text: 'x'.repeat(256) }] }] }]],
    ['BAD_FIELD', [{ type: 201, ssrc: -1, reports: [] }]],
    ['BAD_FIELD', [{ type: 201, ssrc: 1, reports: [{ ssrc: 0, fractionLost: 256, cumulativeLost: 0, highestSequence: 0, jitter: 0, lastSR: 0, delaySinceLastSR: 0 }] }]],
    ['BAD_FIELD', [{ type: 250, count: 0, body: new Uint8Array(0) }]],
  ] as [string, RTCPPacket[]][])('rejects bad fields: %s', (code, packets) => {
    expect(codeOf(() => serializeRTCPCompound(packets))).toBe(code);
  });

  it('writes into a caller buffer at an offset, and refuses one too small', () => {
    const packets: RTCPPacket[] = [{ type: 203, ssrcs: [5] }];
    const out = new Uint8Array(12);
    expect(serializeRTCPCompoundInto(packets, out, 4)).toBe(8);
    expect(Buffer.from(out).toString('hex')).toBe('00000000' + '81cb0001' + '00000005');
    expect(codeOf(() => serializeRTCPCompoundInto(packets, out, 8))).toBe('BUFFER_TOO_SMALL');
  });
});
