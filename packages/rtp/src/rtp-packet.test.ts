import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hex, rtpVectors } from '../test/vectors.js';
import { isInvalidRangeError, isRTPParseError, RTPParseError, type RTPParseErrorCode } from './errors.js';
import {
  isRTCPPacket,
  parseRTPPacket,
  rtpPacketByteLength,
  safeParseRTPPacket,
  serializeRTPPacket,
  serializeRTPPacketInto,
  type RTPPacket,
} from './rtp-packet.js';

const vectors = rtpVectors();
const expectedCode: Record<string, RTPParseErrorCode> = {
  'bad-version-1': 'BAD_VERSION',
  'bad-version-0': 'BAD_VERSION',
  'too-short': 'TOO_SHORT',
  'csrc-truncated': 'CSRC_TRUNCATED',
  'pad-zero': 'BAD_PADDING',
  'pad-too-big': 'BAD_PADDING',
  'ext-truncated': 'EXTENSION_TRUNCATED',
  'rtcp-sr-on-rtp-port': 'RTCP_PACKET',
};

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isRTPParseError(e) || isInvalidRangeError(e) ? e.code : `not ours: ${String(e)}`;
  }
  return undefined;
}

describe('parseRTPPacket over rtp-vectors.json', () => {
  it('covers every case', () => {
    expect(vectors.length).toBe(16);
    for (const v of vectors.filter((c) => c.expect !== 'valid')) expect(expectedCode[v.id], v.id).toBeDefined();
  });

  it.each(vectors.filter((v) => v.expect === 'valid'))('$id: decodes the fields and re-serializes the same bytes', (v) => {
    const bytes = hex(v.hex);
    const d = v.decoded!;
    const p = parseRTPPacket(bytes);
    expect(p.version).toBe(2);
    expect(p.padding).toBe(d.padding === 1);
    expect(p.paddingLength).toBe(d.padding ? d.padding_octets : undefined);
    expect(p.marker).toBe(d.marker === 1);
    expect(p.payloadType).toBe(d.payload_type);
    expect(p.sequenceNumber).toBe(d.sequence_number);
    expect(p.timestamp).toBe(d.timestamp);
    expect(p.ssrc).toBe(Number(d.ssrc));
    expect(p.csrcs).toEqual((d.csrc ?? []).map(Number));
    if (d.extension) {
      expect(p.extension?.profile).toBe(Number(d.extension_profile));
      expect(Buffer.from(p.extension!.data).toString('hex')).toBe(d.extension_data_hex);
    } else {
      expect(p.extension).toBeUndefined();
    }
    expect(p.payload.length).toBe(d.payload_length);
    expect(Buffer.from(p.payload).toString('hex').startsWith(d.payload_hex!.replace('...', ''))).toBe(true);
    expect(p.payload.buffer).toBe(bytes.buffer); // a view, not a copy
    expect(rtpPacketByteLength(p)).toBe(v.length);
    expect(Buffer.from(serializeRTPPacket(p)).toString('hex')).toBe(v.hex);
  });

  it.each(vectors.filter((v) => v.expect !== 'valid'))('$id: rejected with its code', (v) => {
    expect(codeOf(() => parseRTPPacket(hex(v.hex)))).toBe(expectedCode[v.id]);
    const safe = safeParseRTPPacket(hex(v.hex));
    expect(safe.ok).toBe(false);
  });

  it('demultiplexes RTCP by the second octet (RFC 5761 §4)', () => {
    const rtcp = vectors.find((v) => v.expect === 'not-rtp')!;
    expect(isRTCPPacket(hex(rtcp.hex))).toBe(true);
    for (const v of vectors.filter((c) => c.expect === 'valid')) expect(isRTCPPacket(hex(v.hex))).toBe(false);
  });

  it('says what was wrong, with the offset and a short hex excerpt', () => {
    const e = (() => {
      try {
        const bytes = new Uint8Array(400).fill(0xc8);
        bytes[0] = 0x80;
        parseRTPPacket(bytes);
      } catch (err) {
        return err as RTPParseError;
      }
      throw new Error('no error');
    })();
    expect(e).toBeInstanceOf(RTPParseError);
    expect(e.name).toBe('RTPParseError');
    expect(e.code).toBe('RTCP_PACKET');
    expect(e.offset).toBe(1);
    expect(e.message).toMatch(/^second octet 200 is an RTCP packet type .* at octet 1 of 400: 80(c8){31}…$/);
    expect(codeOf(() => parseRTPPacket(new Uint8Array(0)))).toBe('TOO_SHORT');
  });
});

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const arbPacket: fc.Arbitrary<RTPPacket> = fc
  .record({
    padding: fc.boolean(),
    paddingLength: fc.integer({ min: 1, max: 255 }),
    marker: fc.boolean(),
    payloadType: fc.integer({ min: 0, max: 127 }),
    sequenceNumber: fc.integer({ min: 0, max: 0xffff }),
    timestamp: u32,
    ssrc: u32,
    csrcs: fc.array(u32, { maxLength: 15 }),
    extension: fc.option(
      fc.record({ profile: fc.integer({ min: 0, max: 0xffff }), data: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 10 }).map((a) => a.flatMap((x) => [x, 0, 1, 2])) }),
      { nil: undefined },
    ),
    payload: fc.uint8Array({ maxLength: 200 }),
  })
  .filter((p) => !(p.marker && p.payloadType >= 64 && p.payloadType <= 95)) // RTCP range, RFC 5761 §4
  .map((p) => ({
    version: 2,
    padding: p.padding,
    paddingLength: p.padding ? p.paddingLength : undefined,
    marker: p.marker,
    payloadType: p.payloadType,
    sequenceNumber: p.sequenceNumber,
    timestamp: p.timestamp,
    ssrc: p.ssrc,
    csrcs: p.csrcs,
    extension: p.extension && { profile: p.extension.profile, data: Uint8Array.from(p.extension.data) },
    payload: p.payload,
  }));

describe('RTP round trip (fast-check)', () => {
  it('parse(serialize(p)) deep-equals p', () => {
    fc.assert(
      fc.property(arbPacket, (p) => {
        expect(parseRTPPacket(serializeRTPPacket(p))).toEqual(p);
      }),
      { numRuns: 500 },
    );
  });

  it('serialize(parse(b)) equals b for what serialize produced', () => {
    fc.assert(
      fc.property(arbPacket, (p) => {
        const bytes = serializeRTPPacket(p);
        expect(serializeRTPPacket(parseRTPPacket(bytes))).toEqual(bytes);
      }),
    );
  });

  it('arbitrary bytes either parse or fail with RTPParseError, never anything else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          const p = parseRTPPacket(bytes);
          expect(rtpPacketByteLength(p)).toBeLessThanOrEqual(bytes.length + 4);
        } catch (e) {
          expect(isRTPParseError(e)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('serializeRTPPacketInto', () => {
  const p: RTPPacket = { padding: false, marker: true, payloadType: 0, sequenceNumber: 65535, timestamp: 0xffffffff, ssrc: 1, csrcs: [], payload: Uint8Array.of(1, 2, 3) };

  it('writes at an offset and returns the length', () => {
    const out = new Uint8Array(20).fill(0xee);
    expect(serializeRTPPacketInto(p, out, 4)).toBe(15);
    expect(Buffer.from(out).toString('hex')).toBe('eeeeeeee' + '8080ffffffffffff00000001010203' + 'eeeeee'.slice(0, 2));
  });

  it('refuses a buffer that is too small and fields that do not fit', () => {
    expect(codeOf(() => serializeRTPPacketInto(p, new Uint8Array(14)))).toBe('BUFFER_TOO_SMALL');
    expect(codeOf(() => serializeRTPPacket({ ...p, payloadType: 128 }))).toBe('BAD_FIELD');
    expect(codeOf(() => serializeRTPPacket({ ...p, sequenceNumber: 65536 }))).toBe('BAD_FIELD');
    expect(codeOf(() => serializeRTPPacket({ ...p, csrcs: new Array(16).fill(0) }))).toBe('BAD_FIELD');
    expect(codeOf(() => serializeRTPPacket({ ...p, extension: { profile: 1, data: new Uint8Array(3) } }))).toBe('BAD_FIELD');
    expect(codeOf(() => serializeRTPPacket({ ...p, padding: true, paddingLength: 0 }))).toBe('BAD_FIELD');
  });

  it('pads to a multiple of 4 octets when no padding length is given', () => {
    const bytes = serializeRTPPacket({ ...p, padding: true });
    expect(bytes.length).toBe(16);
    expect(bytes[0]! & 0x20).toBe(0x20);
    expect(bytes[15]).toBe(1);
    const padded4 = serializeRTPPacket({ ...p, padding: true, payload: new Uint8Array(4) });
    expect(padded4.length).toBe(20);
    expect(parseRTPPacket(padded4).payload.length).toBe(4);
  });
});
