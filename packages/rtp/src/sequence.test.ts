import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextSeq, seqDiff } from './sequence.js';

describe('16-bit sequence arithmetic', () => {
  it.each([
    [0, 65535, 1],
    [65535, 0, -1],
    [10, 5, 5],
    [5, 10, -5],
    [32767, 0, 32767],
    [32768, 0, -32768],
  ])('seqDiff(%i, %i) = %i', (a, b, d) => {
    expect(seqDiff(a, b)).toBe(d);
  });

  it('nextSeq wraps 65535 to 0', () => {
    expect(nextSeq(65535)).toBe(0);
    expect(nextSeq(0)).toBe(1);
  });

  it('b + seqDiff(a, b) is a (mod 2^16), and the difference is antisymmetric', () => {
    const seq = fc.integer({ min: 0, max: 65535 });
    fc.assert(
      fc.property(seq, seq, (a, b) => {
        const d = seqDiff(a, b);
        expect((b + d) & 0xffff).toBe(a);
        if (d !== -32768) expect(seqDiff(b, a) + d).toBe(0);
      }),
    );
  });
});
