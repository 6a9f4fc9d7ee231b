import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isInvalidRangeError } from './errors.js';
import { JitterBuffer, JitterPushResult } from './jitter-buffer.js';

/** Pops everything releasable; gaps show as `-<seq>`. */
function drain<T>(jb: JitterBuffer<T>, force = false): string[] {
  const out: string[] = [];
  for (let f = jb.pop(force); f; f = jb.pop()) out.push(f.item === undefined ? `-${f.sequenceNumber}` : String(f.item));
  return out;
}

describe('JitterBuffer', () => {
  it('releases in-order packets at once', () => {
    const jb = new JitterBuffer<string>();
    const out: string[] = [];
    for (const seq of [10, 11, 12]) {
      expect(jb.push(1, seq, `p${seq}`)).toBe(JitterPushResult.ACCEPTED);
      out.push(...drain(jb));
    }
    expect(out).toEqual(['p10', 'p11', 'p12']);
    expect(jb.size).toBe(0);
  });

  it('undoes reordering within the window', () => {
    const jb = new JitterBuffer<number>({ reorderWindow: 3 });
    const out: string[] = [];
    for (const seq of [100, 102, 101, 104, 103]) {
      jb.push(1, seq, seq);
      out.push(...drain(jb));
    }
    expect(out).toEqual(['100', '101', '102', '103', '104']);
    expect(jb.lost).toBe(0);
  });

  it('declares a packet lost (a silence frame) once reorderWindow later packets wait', () => {
    const jb = new JitterBuffer<number>({ reorderWindow: 3 });
    jb.push(1, 1, 1);
    expect(drain(jb)).toEqual(['1']);
    jb.push(1, 3, 3);
    jb.push(1, 4, 4);
    expect(drain(jb)).toEqual([]); // 2 may still come
    jb.push(1, 5, 5);
    expect(drain(jb)).toEqual(['-2', '3', '4', '5']);
    expect(jb.lost).toBe(1);
    expect(jb.push(1, 2, 2)).toBe(JitterPushResult.LATE);
  });

  it('fills a multi-packet gap with one silence frame per missing packet', () => {
    const jb = new JitterBuffer<number>({ reorderWindow: 2 });
    jb.push(1, 10, 10);
    drain(jb);
    jb.push(1, 14, 14);
    expect(drain(jb)).toEqual([]);
    jb.push(1, 15, 15);
    expect(drain(jb)).toEqual(['-11', '-12', '-13', '14', '15']);
  });

  it('force releases a missing packet before the window fills (playout deadline)', () => {
    const jb = new JitterBuffer<number>({ reorderWindow: 3 });
    jb.push(1, 1, 1);
    drain(jb);
    jb.push(1, 3, 3);
    expect(drain(jb)).toEqual([]);
    expect(drain(jb, true)).toEqual(['-2', '3']);
  });

  it('drops duplicates and reports them', () => {
    const jb = new JitterBuffer<number>();
    jb.push(1, 5, 5);
    jb.push(1, 7, 7);
    expect(jb.push(1, 7, 70)).toBe(JitterPushResult.DUPLICATE);
    expect(drain(jb)).toEqual(['5']);
    expect(jb.push(1, 5, 50)).toBe(JitterPushResult.LATE);
  });

  it('wraps from 65535 to 0, also when reordered across the wrap', () => {
    const jb = new JitterBuffer<number>();
    const out: string[] = [];
    for (const seq of [65534, 0, 65535, 1]) {
      jb.push(1, seq, seq);
      out.push(...drain(jb));
    }
    expect(out).toEqual(['65534', '65535', '0', '1']);
    expect(jb.push(1, 65533, 0)).toBe(JitterPushResult.LATE);
  });

  it('restarts on a new SSRC and on a jump beyond its capacity', () => {
    const jb = new JitterBuffer<number>({ capacity: 16 });
    jb.push(1, 100, 100);
    jb.push(1, 102, 102);
    expect(drain(jb)).toEqual(['100']);
    expect(jb.push(2, 5000, 5000)).toBe(JitterPushResult.RESET);
    expect(drain(jb)).toEqual(['5000']);
    expect(jb.push(2, 5100, 5100)).toBe(JitterPushResult.RESET);
    expect(drain(jb)).toEqual(['5100']);
    jb.reset();
    expect(jb.push(3, 7, 7)).toBe(JitterPushResult.ACCEPTED);
  });

  it('refuses a capacity that is not a power of two and a window that does not fit', () => {
    for (const options of [{ capacity: 48 }, { capacity: 1 }, { reorderWindow: 0 }, { capacity: 8, reorderWindow: 8 }]) {
      let caught: unknown;
      try {
        new JitterBuffer(options);
      } catch (e) {
        caught = e;
      }
      expect(isInvalidRangeError(caught) && caught.code).toBe('BAD_OPTION');
    }
  });

  it('puts any arrival order within the window back in sequence order, across the wrap (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 65535 }), fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 60 }), (start, jitter) => {
        // each packet i arrives at time i + jitter[i]: displaced by at most 2, inside a window of 3; the first
        // packet starts the stream (it is released at once, so nothing older can follow it)
        const order = jitter.map((j, i) => ({ i, at: i === 0 ? 0 : i + j })).sort((a, b) => a.at - b.at || a.i - b.i);
        const jb = new JitterBuffer<number>({ reorderWindow: 3 });
        const out: string[] = [];
        for (const { i } of order) {
          jb.push(42, (start + i) & 0xffff, i);
          out.push(...drain(jb));
        }
        out.push(...drain(jb, true));
        expect(out).toEqual(jitter.map((_, i) => String(i)));
      }),
    );
  });
});
