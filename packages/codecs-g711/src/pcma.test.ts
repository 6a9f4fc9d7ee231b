import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allSamples, comparison, s16, u8 } from '../test/corpus.js';
import { isG711Error } from './errors.js';
import { decodePCMA, encodePCMA, PCMA_SILENCE } from './pcma.js';

describe('PCMA', () => {
  const samples = allSamples();
  const codes = u8('g711/codes_all.u8');

  it('encodes all 65 536 inputs byte-for-byte as g191alg_alaw', () => {
    const expected = Buffer.from(u8('g711/g191alg_alaw_of_linear16_all.u8'));
    expect(Buffer.from(encodePCMA(samples)).equals(expected)).toBe(true);
  });

  it('decodes all 256 codes as sox and the comparison table', () => {
    expect(Array.from(decodePCMA(codes))).toEqual(Array.from(s16('g711/sox_alaw_decode_256.s16le')));
    expect(Array.from(decodePCMA(codes))).toEqual(comparison().decode_table_alaw);
  });

  it('differs from sox (which rounds) exactly at the listed boundary inputs', () => {
    const sox = u8('g711/sox_alaw_of_linear16_all.u8');
    const ours = encodePCMA(samples);
    const differing: number[][] = [];
    for (let i = 0; i < ours.length; i++) if (ours[i] !== sox[i]) differing.push([i - 32768, sox[i]!, ours[i]!]);
    expect(differing).toEqual(comparison().diff_alaw_sox_vs_g191.rows);
  });

  it('keeps the round-trip error within the G.191 bound (512) and reaches it', () => {
    const back = decodePCMA(encodePCMA(samples));
    let max = 0;
    for (let i = 0; i < back.length; i++) max = Math.max(max, Math.abs(back[i]! - samples[i]!));
    expect(max).toBe(512);
  });

  it('re-encodes every decoded value to its own code', () => {
    const again = encodePCMA(decodePCMA(codes));
    const changed = [...again].flatMap((c, i) => (c === i ? [] : [i]));
    expect(changed).toEqual([]);
  });

  it('encodes silence to PCMA_SILENCE', () => {
    expect(PCMA_SILENCE).toBe(0xd5);
    expect([...encodePCMA(new Int16Array(4))]).toEqual([0xd5, 0xd5, 0xd5, 0xd5]);
  });

  it('fills and returns a given out buffer without allocating a new one', () => {
    const out = new Uint8Array(8).fill(7);
    const pcm = new Int16Array([0, 100, -100, 32767]);
    expect(encodePCMA(pcm, out)).toBe(out);
    expect([...out.subarray(0, 4)]).toEqual([...encodePCMA(pcm)]);
    expect([...out.subarray(4)]).toEqual([7, 7, 7, 7]);
    const pcmOut = new Int16Array(4);
    expect(decodePCMA(out.subarray(0, 4), pcmOut)).toBe(pcmOut);
    expect([...pcmOut]).toEqual([...decodePCMA(out.subarray(0, 4))]);
  });

  it('rejects an out buffer shorter than the input with OUTPUT_TOO_SMALL', () => {
    const err = (() => {
      try {
        encodePCMA(new Int16Array(3), new Uint8Array(2));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(isG711Error(err) && err.code).toBe('OUTPUT_TOO_SMALL');
    expect(() => decodePCMA(new Uint8Array(3), new Int16Array(1))).toThrow(/out has 1 elements but the input needs 3/);
  });

  it('decode is monotonic in the code order within each sign', () => {
    fc.assert(
      fc.property(fc.integer({ min: -32768, max: 32767 }), fc.integer({ min: -32768, max: 32767 }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const out = decodePCMA(encodePCMA(new Int16Array([lo, hi])));
        expect(out[0]!).toBeLessThanOrEqual(out[1]!);
      }),
    );
  });
});
