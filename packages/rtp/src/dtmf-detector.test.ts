import { corpusBytes, corpusFiles } from '@voip/testkit';
import { describe, expect, it } from 'vitest';
import { readPcapUDP } from '../test/pcap.js';
import { hex, rfc4733Vectors } from '../test/vectors.js';
import { DTMFDetector } from './dtmf-detector.js';
import { parseRTPPacket, type RTPPacket } from './rtp-packet.js';
import { serializeTelephoneEvent } from './telephone-event.js';

const vectors = rfc4733Vectors();
const digit5 = vectors.constructed_digit5.map((v) => parseRTPPacket(hex(v.hex)));

function feed(detector: DTMFDetector, packets: readonly RTPPacket[]): string[] {
  return packets.flatMap((p) => detector.push(p) ?? []);
}

function eventPacket(init: { ts: number; seq: number; event?: number; end?: boolean; duration?: number; marker?: boolean; ssrc?: number; pt?: number }): RTPPacket {
  return {
    padding: false,
    marker: init.marker ?? false,
    payloadType: init.pt ?? 101,
    sequenceNumber: init.seq,
    timestamp: init.ts,
    ssrc: init.ssrc ?? 7,
    csrcs: [],
    payload: serializeTelephoneEvent({ event: init.event ?? 1, end: init.end ?? false, volume: 10, duration: init.duration ?? 160 }),
  };
}

describe('DTMFDetector', () => {
  it('reports the constructed digit 5 once (three end packets with new sequence numbers)', () => {
    const d = new DTMFDetector({ payloadType: 101 });
    expect(digit5.map((p) => d.push(p))).toEqual(['5', undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('still reports the key when the first packet (M=1) is lost', () => {
    expect(feed(new DTMFDetector(), digit5.slice(1))).toEqual(['5']);
  });

  it('still reports the key when only an end packet arrives', () => {
    expect(feed(new DTMFDetector(), digit5.slice(5, 6))).toEqual(['5']);
  });

  it('does not report again for late, reordered or repeated packets of the same event', () => {
    const shuffled = [digit5[2]!, digit5[0]!, digit5[1]!, digit5[4]!, digit5[3]!, digit5[6]!, digit5[5]!, digit5[4]!, digit5[0]!];
    expect(feed(new DTMFDetector(), shuffled)).toEqual(['5']);
  });

  it('ignores other payload types, short payloads (counted) and non-DTMF events', () => {
    const d = new DTMFDetector({ payloadType: 101 });
    expect(d.push(eventPacket({ ts: 1, seq: 1, pt: 100 }))).toBeUndefined();
    expect(d.push({ ...eventPacket({ ts: 2, seq: 2 }), payload: Uint8Array.of(1, 2, 3) })).toBeUndefined();
    expect(d.malformed).toBe(1);
    expect(d.push(eventPacket({ ts: 3, seq: 3, event: 70 }))).toBeUndefined();
    expect(d.push(eventPacket({ ts: 4, seq: 4, event: 16 }))).toBe('!');
  });

  it('reports the same key twice when pressed twice (new timestamps)', () => {
    const d = new DTMFDetector();
    const press = (ts: number, seq: number): RTPPacket[] => [
      eventPacket({ ts, seq, marker: true }),
      eventPacket({ ts, seq: seq + 1, duration: 320 }),
      eventPacket({ ts, seq: seq + 2, end: true, duration: 480 }),
      eventPacket({ ts, seq: seq + 2, end: true, duration: 480 }),
    ];
    expect(feed(d, [...press(1000, 10), ...press(2600, 20)])).toEqual(['1', '1']);
  });

  it('keeps separate sources apart', () => {
    const d = new DTMFDetector();
    expect(feed(d, [eventPacket({ ts: 5, seq: 1, ssrc: 1 }), eventPacket({ ts: 5, seq: 1, ssrc: 2 }), eventPacket({ ts: 5, seq: 2, ssrc: 1 })])).toEqual(['1', '1']);
  });

  it('treats the next segment of a long event (RFC 4733 §2.5.1.3) as the same key', () => {
    const d = new DTMFDetector();
    const segment1 = [eventPacket({ ts: 0, seq: 1, marker: true, duration: 65000 }), eventPacket({ ts: 0, seq: 2, duration: 65535 })];
    const segment2 = [eventPacket({ ts: 65535, seq: 3, duration: 160 }), eventPacket({ ts: 65535, seq: 4, end: true, duration: 800 })];
    expect(feed(d, [...segment1, ...segment2])).toEqual(['1']);
    expect(d.push(eventPacket({ ts: 70000, seq: 5, marker: true }))).toBe('1');
  });

  it('forgets everything on reset()', () => {
    const d = new DTMFDetector();
    expect(feed(d, digit5)).toEqual(['5']);
    d.reset();
    expect(feed(d, digit5.slice(3))).toEqual(['5']);
  });

  describe('SIPp captures (identical end packets, duration 0 on the first)', () => {
    const files = corpusFiles('rtp/sipp-pcap', '.pcap').filter((f) => f.startsWith('dtmf_2833_'));
    const expected = (file: string): string => {
      const name = file.slice('dtmf_2833_'.length, -'.pcap'.length);
      return name === 'star' ? '*' : name === 'pound' ? '#' : name;
    };

    it('has all twelve keys', () => {
      expect(files.map(expected).sort()).toEqual(['#', '*', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    });

    it.each(files)('%s: the key exactly once, the same from the pcap as from the JSON', (file) => {
      const datagrams = readPcapUDP(new Uint8Array(corpusBytes(`rtp/sipp-pcap/${file}`)));
      const fromJSON = vectors.sipp_pcaps.files[file]!;
      expect(datagrams.map((d) => Buffer.from(d.payload).toString('hex'))).toEqual(fromJSON.map((v) => v.hex));
      expect(datagrams[0]!.source).toBe('192.168.0.3:49176');
      expect(feed(new DTMFDetector({ payloadType: 101 }), datagrams.map((d) => parseRTPPacket(d.payload)))).toEqual([expected(file)]);
      expect(feed(new DTMFDetector({ payloadType: 101 }), datagrams.slice(1).map((d) => parseRTPPacket(d.payload)))).toEqual([expected(file)]);
    });

    it('reports all twelve keys in order when the captures are played back to back', () => {
      const d = new DTMFDetector({ payloadType: 101 });
      const keys = files.flatMap((f) => feed(d, readPcapUDP(new Uint8Array(corpusBytes(`rtp/sipp-pcap/${f}`))).map((x) => parseRTPPacket(x.payload))));
      expect(keys).toEqual(files.map(expected));
    });

    it('reads the PCMA capture: 236 packets of 240 octets, PT 8', () => {
      const packets = readPcapUDP(new Uint8Array(corpusBytes('rtp/sipp-pcap/g711a.pcap'))).map((d) => parseRTPPacket(d.payload));
      expect(packets.length).toBe(236);
      expect(new Set(packets.map((p) => p.payloadType))).toEqual(new Set([8]));
      expect(new Set(packets.map((p) => p.payload.length))).toEqual(new Set([240]));
      expect([packets[0]!.sequenceNumber, packets.at(-1)!.sequenceNumber]).toEqual([59133, 59368]);
    });
  });
});
