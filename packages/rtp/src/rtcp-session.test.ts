import { describe, expect, it } from 'vitest';
import { isRTCPBye, isRTCPReceiverReport, isRTCPSenderReport, isRTCPSourceDescription, parseRTCPCompound, serializeRTCPCompound } from './rtcp-packet.js';
import { RTCPSession } from './rtcp-session.js';

const session = (ssrc: number, random = (): number => 0.5): RTCPSession =>
  new RTCPSession({ ssrc, cname: `cname-${ssrc}`, clockRate: 8000, random, wallClockOffsetMs: 1_700_000_000_000 });

describe('RTCPSession', () => {
  it('sends an RR with SDES CNAME before sending RTP, an SR (sender info at that instant) after', () => {
    const a = session(1);
    const [rr, sdes] = a.buildReport(0);
    expect(isRTCPReceiverReport(rr!)).toBe(true);
    expect(isRTCPSourceDescription(sdes!) && sdes.chunks[0]).toEqual({ ssrc: 1, items: [{ type: 1, text: 'cname-1' }] });
    for (let i = 0; i < 10; i++) a.onSent(160, 1000 + 160 * i, 20 * i);
    const [sr] = a.buildReport(200);
    if (!isRTCPSenderReport(sr!)) throw new Error('not an SR');
    expect(sr.packetCount).toBe(10);
    expect(sr.octetCount).toBe(1600);
    expect(sr.rtpTimestamp).toBe(1000 + 160 * 9 + 8 * (200 - 180)); // the last timestamp, advanced to "now"
    // NTP of 1_700_000_000.2 s Unix time
    expect(sr.ntpSeconds).toBe(1_700_000_000 + 2_208_988_800);
    expect(sr.ntpFraction / 2 ** 32).toBeCloseTo(0.2, 6);
  });

  it('measures the round-trip time from LSR and DLSR (RFC 3550 §6.4.1)', () => {
    const a = session(1);
    const b = session(2);
    a.onSent(160, 0, 0);
    // A's SR leaves at 1000 ms and reaches B 40 ms later; B answers 500 ms after that; it reaches A 40 ms later.
    const srBytes = serializeRTCPCompound(a.buildReport(1000));
    b.onReceived(1, 0, 0, 160, 1000); // B has heard A's RTP
    b.onRTCP(parseRTCPCompound(srBytes), srBytes.length, 1040);
    const rr = b.buildReport(1540);
    expect(isRTCPReceiverReport(rr[0]!) && rr[0].reports[0]!.delaySinceLastSR).toBe(32768);
    const rrBytes = serializeRTCPCompound(rr);
    a.onRTCP(parseRTCPCompound(rrBytes), rrBytes.length, 1580);
    expect(a.stats().roundTripTimeMs).toBeCloseTo(80, 1);
    expect(a.stats().remoteReports).toEqual([{ ssrc: 2, fractionLost: 0, cumulativeLost: 0, jitterMs: 0, roundTripTimeMs: a.stats().roundTripTimeMs }]);
    expect(b.stats().sources[0]).toMatchObject({ ssrc: 1, cname: 'cname-1', packets: 1, octets: 160, lost: 0 });
  });

  it('forgets a source after its BYE, and adds BYE to its own last report', () => {
    const a = session(1);
    const b = session(2);
    b.onReceived(1, 5, 0, 160, 0);
    expect(b.stats().sources).toHaveLength(1);
    const bye = a.buildReport(0, true);
    expect(isRTCPBye(bye[2]!) && bye[2].ssrcs).toEqual([1]);
    b.onRTCP(bye, 64, 10);
    expect(b.stats().sources).toEqual([]);
  });

  it('randomises the interval in [0.5, 1.5] x max(computed, minimum) / (e - 3/2), half the minimum at first (§6.3.1)', () => {
    const low = session(1, () => 0);
    const high = session(1, () => 0.999999);
    expect(low.nextIntervalMs()).toBeCloseTo((2500 * 0.5) / (Math.E - 1.5), 3);
    expect(high.nextIntervalMs()).toBeCloseTo((2500 * 1.5) / (Math.E - 1.5), 1);
    low.onReportSent(80);
    high.onReportSent(80);
    expect(low.nextIntervalMs()).toBeCloseTo((5000 * 0.5) / (Math.E - 1.5), 3);
    expect(high.nextIntervalMs()).toBeCloseTo((5000 * 1.5) / (Math.E - 1.5), 1);
  });

  it('grows the interval beyond the minimum when the bandwidth share is small', () => {
    const s = new RTCPSession({ ssrc: 1, cname: 'x', clockRate: 8000, random: () => 0.5, sessionBandwidth: 100, wallClockOffsetMs: 0 });
    s.onReportSent(172); // 200 octets with IP/UDP; 5 % of 100 B/s = 5 B/s; 1 member: 200/5 = 40 s (RR: 0.75 share -> 53.3 s)
    expect(s.nextIntervalMs()).toBeCloseTo((200 / (0.75 * 5)) * 1000 / (Math.E - 1.5), 0);
  });
});
