import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isG711Error } from './errors.js';
import { pcm16ToUnsigned8, unsigned8ToPCM16 } from './unsigned8.js';

describe('8-bit unsigned linear (pyVoIP audio)', () => {
  it('maps silence to 0x80 and the extremes to 0 and 255', () => {
    expect([...pcm16ToUnsigned8(new Int16Array([0, -32768, 32767, 255, 256, -1, -256, -257]))]).toEqual([
      128, 0, 255, 128, 129, 127, 127, 126,
    ]);
  });

  it('expands into the high byte', () => {
    expect([...unsigned8ToPCM16(new Uint8Array([0x80, 0, 255, 0x81]))]).toEqual([0, -32768, 32512, 256]);
  });

  it('round-trips every 8-bit value', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect([...pcm16ToUnsigned8(unsigned8ToPCM16(all))]).toEqual([...all]);
  });

  it('truncates: the 8-bit value never exceeds the 16-bit one scaled', () => {
    fc.assert(
      fc.property(fc.integer({ min: -32768, max: 32767 }), (x) => {
        const back = unsigned8ToPCM16(pcm16ToUnsigned8(new Int16Array([x])))[0]!;
        expect(back).toBeLessThanOrEqual(x);
        expect(x - back).toBeLessThan(256);
      }),
    );
  });

  it('writes into out and checks its size', () => {
    const out = new Uint8Array(2);
    expect(pcm16ToUnsigned8(new Int16Array([0, 0]), out)).toBe(out);
    let caught: unknown;
    try {
      unsigned8ToPCM16(new Uint8Array(3), new Int16Array(2));
    } catch (e) {
      caught = e;
    }
    expect(isG711Error(caught) && caught.code).toBe('OUTPUT_TOO_SMALL');
  });
});
