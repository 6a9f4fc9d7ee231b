import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReceptionStats } from './reception-stats.js';

describe('ReceptionStats (RFC 3550 A.1, A.3, A.8)', () => {
  it('computes interarrival jitter as a hand-worked sequence says', () => {
    // 8 kHz: 8 timestamp units per ms. Arrivals 0, 20, 22, 60 ms for timestamps 0, 160, 320, 480.
    // transit: 0, 0, 176-320 = -144, 0  ->  D: 0, -144, +144
    // J: 0 -> 0 + (144 - 0)/16 = 9 -> 9 + (144 - 9)/16 = 17.4375
    const s = new ReceptionStats(7, 100, 8000);
    s.update(100, 0, 0, 160);
    s.update(101, 160, 20, 160);
    expect(s.jitter).toBe(0);
    s.update(102, 320, 22, 160);
    expect(s.jitter).toBe(9);
    s.update(103, 480, 60, 160);
    expect(s.jitter).toBe(17.4375);
    expect(s.reportBlock(60).jitter).toBe(17);
    expect(s.octets).toBe(640);
  });

  it('ignores the RTP timestamp wrap in the jitter', () => {
    const s = new ReceptionStats(7, 0, 8000);
    s.update(0, 0xffffff60, 0, 160);
    s.update(1, 0, 20, 160); // 0xffffff60 + 160 wraps to 0, on time
    expect(s.jitter).toBe(0);
  });

  it('counts loss, fraction lost per interval, and the extended highest sequence across the wrap', () => {
    const s = new ReceptionStats(9, 65533, 8000);
    for (const seq of [65533, 65534, 0, 1]) s.update(seq, 0, 0, 1); // 65535 missing
    expect(s.highestSequence).toBe(65536 + 1);
    expect(s.expected).toBe(5);
    expect(s.lost).toBe(1);
    const first = s.reportBlock(0);
    expect(first).toMatchObject({ ssrc: 9, fractionLost: Math.floor(256 / 5), cumulativeLost: 1, highestSequence: 65537, lastSR: 0, delaySinceLastSR: 0 });
    for (const seq of [2, 3, 4, 5]) s.update(seq, 0, 0, 1);
    expect(s.reportBlock(0)).toMatchObject({ fractionLost: 0, cumulativeLost: 1 });
  });

  it('gives DLSR in 1/65536 s since the last SR, and echoes its middle NTP bits', () => {
    const s = new ReceptionStats(9, 0, 8000);
    s.update(0, 0, 0, 1);
    s.lastSR = { ntpMiddle: 0x12345678, at: 1000 };
    expect(s.reportBlock(1500)).toMatchObject({ lastSR: 0x12345678, delaySinceLastSR: 32768 });
  });

  it('does not count one packet after a big jump, and restarts on two in a row (A.1)', () => {
    const s = new ReceptionStats(9, 10, 8000);
    s.update(10, 0, 0, 1);
    expect(s.update(20000, 0, 0, 1)).toBe(false);
    expect(s.packets).toBe(1);
    expect(s.update(20001, 0, 0, 1)).toBe(true);
    expect(s.highestSequence).toBe(20001);
    expect(s.lost).toBe(0);
  });

  it('never reports more lost than expected, whatever the order (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 60 }), (offsets) => {
        const s = new ReceptionStats(1, 1000, 8000);
        for (const o of [0, ...offsets]) s.update(1000 + o, 0, 0, 1);
        expect(s.lost).toBeLessThanOrEqual(s.expected);
        expect(s.highestSequence).toBe(1000 + Math.max(0, ...offsets));
        const b = s.reportBlock(0);
        expect(b.fractionLost).toBeGreaterThanOrEqual(0);
        expect(b.fractionLost).toBeLessThanOrEqual(255);
      }),
    );
  });
});
