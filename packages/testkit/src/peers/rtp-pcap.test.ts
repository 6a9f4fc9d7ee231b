import { describe, expect, it } from 'vitest';
import {
  buildRTPPackets,
  buildRTPPcap,
  dtmfEventCode,
  dtmfKey,
  linearToMuLaw,
  parseRTPPcap,
  parseTelephoneEvent,
  rtpPcapDurationMs,
} from './rtp-pcap.js';

describe('rtp-pcap', () => {
  const options = { audioSeconds: 1, keys: '12#', digitFrames: 5, gapFrames: 10, tailFrames: 4 } as const;

  it('reads back exactly the packets it wrote', () => {
    const written = buildRTPPackets(options);
    const read = parseRTPPcap(buildRTPPcap(options));
    expect(read).toHaveLength(written.length);
    read.forEach((p, i) => {
      const w = written[i]!;
      expect({ ...p, payload: [...p.payload] }).toEqual({ ...w, payload: [...w.payload] });
    });
  });

  it('writes 1 s of PCMU at 20 ms with a continuous clock, then the keys as RFC 4733 events', () => {
    const packets = parseRTPPcap(buildRTPPcap(options));
    // 50 audio + 3 keys × (5 + 2 end repeats) + 2 gaps × 10 + 4 tail
    expect(packets).toHaveLength(50 + 3 * 7 + 2 * 10 + 4);
    packets.forEach((p, n) => {
      expect(p.offsetUs).toBe(n * 20_000);
      expect(p.sequenceNumber).toBe(1000 + n);
      expect(p.ssrc).toBe(0x1234abcd);
      if (p.payloadType === 0) {
        expect(p.timestamp).toBe(16_000 + n * 160);
        expect(p.payload).toHaveLength(160);
      }
    });
    const events = packets.filter((p) => p.payloadType === 101);
    const starts = events.filter((p) => p.marker);
    expect(starts.map((p) => dtmfKey(parseTelephoneEvent(p.payload).event))).toEqual(['1', '2', '#']);
    for (const start of starts) {
      const same = events.filter((p) => p.timestamp === start.timestamp).map((p) => parseTelephoneEvent(p.payload));
      expect(same.map((e) => e.duration)).toEqual([160, 320, 480, 640, 800, 800, 800]);
      expect(same.map((e) => e.end)).toEqual([false, false, false, false, true, true, true]);
      // the event starts where the next audio frame would have been
      const slot = packets.indexOf(start);
      expect(start.timestamp).toBe(16_000 + slot * 160);
    }
    expect(rtpPcapDurationMs(options)).toBe(packets.length * 20);
  });

  it('writes an audible tone, not silence', () => {
    const first = parseRTPPcap(buildRTPPcap(options))[0]!;
    expect(new Set(first.payload).size).toBeGreaterThan(20);
    const silent = parseRTPPcap(buildRTPPcap({ ...options, audio: 'silence' }))[0]!;
    expect([...new Set(silent.payload)]).toEqual([0xff]);
  });

  it('encodes μ-law at the G.711 end points', () => {
    expect([0, 32_767, -32_768, 1000, -1000].map(linearToMuLaw)).toEqual([0xff, 0x80, 0x00, 0xce, 0x4e]);
  });

  it('refuses keys that are not DTMF', () => {
    expect(() => dtmfEventCode('x')).toThrow(RangeError);
    expect(() => buildRTPPackets({ audioSeconds: 0, keys: '1x' })).toThrow(/not a DTMF key/);
    expect(dtmfEventCode('*')).toBe(10);
    expect(dtmfEventCode('#')).toBe(11);
  });

  it('refuses files that are not Ethernet RTP captures', () => {
    expect(() => parseRTPPcap(new Uint8Array(10))).toThrow(/pcap/);
  });
});
