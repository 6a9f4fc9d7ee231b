import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allSamples, comparison, s16, u8 } from '../test/corpus.js';
import { isG711Error } from './errors.js';
import { decodePCMU, encodePCMU, PCMU_SILENCE } from './pcmu.js';

describe('PCMU', () => {
  const samples = allSamples();
  const codes = u8('g711/codes_all.u8');

  it('encodes all 65 536 inputs byte-for-byte as g191alg_ulaw', () => {
    const expected = Buffer.from(u8('g711/g191alg_ulaw_of_linear16_all.u8'));
    expect(Buffer.from(encodePCMU(samples)).equals(expected)).toBe(true);
  });

  it('decodes all 256 codes as sox and the comparison table', () => {
    expect(Array.from(decodePCMU(codes))).toEqual(Array.from(s16('g711/sox_ulaw_decode_256.s16le')));
    expect(Array.from(decodePCMU(codes))).toEqual(comparison().decode_table_ulaw);
  });

  it('differs from sox (which rounds) exactly at the listed boundary inputs', () => {
    const sox = u8('g711/sox_ulaw_of_linear16_all.u8');
    const ours = encodePCMU(samples);
    const differing: number[][] = [];
    for (let i = 0; i < ours.length; i++) if (ours[i] !== sox[i]) differing.push([i - 32768, sox[i]!, ours[i]!]);
    expect(differing).toEqual(comparison().diff_ulaw_sox_vs_g191.rows);
  });

  it('keeps the round-trip error within the G.191 bound (644) and reaches it', () => {
    const back = decodePCMU(encodePCMU(samples));
    let max = 0;
    for (let i = 0; i < back.length; i++) max = Math.max(max, Math.abs(back[i]! - samples[i]!));
    expect(max).toBe(644);
  });

  it('re-encodes every decoded value to its own code', () => {
    const again = encodePCMU(decodePCMU(codes));
    const changed = [...again].flatMap((c, i) => (c === i ? [] : [i]));
    expect(changed).toEqual([0x7f] /* negative zero decodes to 0, which encodes to 0xFF */);
  });

  it('encodes silence to PCMU_SILENCE', () => {
    expect(PCMU_SILENCE).toBe(0xff);
    expect([...encodePCMU(new Int16Array(4))]).toEqual([0xff, 0xff, 0xff, 0xff]);
  });

  it('fills and returns a given out buffer without allocating a new one', () => {
    const out = new Uint8Array(8).fill(7);
    const pcm = new Int16Array([0, 100, -100, 32767]);
    expect(encodePCMU(pcm, out)).toBe(out);
    expect([...out.subarray(0, 4)]).toEqual([...encodePCMU(pcm)]);
    expect([...out.subarray(4)]).toEqual([7, 7, 7, 7]);
    const pcmOut = new Int16Array(4);
    expect(decodePCMU(out.subarray(0, 4), pcmOut)).toBe(pcmOut);
    expect([...pcmOut]).toEqual([...decodePCMU(out.subarray(0, 4))]);
  });

  it('rejects an out buffer shorter than the input with OUTPUT_TOO_SMALL', () => {
    const err = (() => {
      try {
        encodePCMU(new Int16Array(3), new Uint8Array(2));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(isG711Error(err) && err.code).toBe('OUTPUT_TOO_SMALL');
    expect(() => decodePCMU(new Uint8Array(3), new Int16Array(1))).toThrow(/out has 1 elements but the input needs 3/);
  });

  it('decode is monotonic in the code order within each sign', () => {
    fc.assert(
      fc.property(fc.integer({ min: -32768, max: 32767 }), fc.integer({ min: -32768, max: 32767 }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const out = decodePCMU(encodePCMU(new Int16Array([lo, hi])));
        expect(out[0]!).toBeLessThanOrEqual(out[1]!);
      }),
    );
  });
});
