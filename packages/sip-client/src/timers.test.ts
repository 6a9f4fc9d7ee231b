import { describe, expect, it } from 'vitest';
import { isInvalidRangeError } from './errors.js';
import { transactionTimers } from './timers.js';

describe('transactionTimers', () => {
  it('gives the RFC 3261 Table 4 values for UDP with the default T1/T2/T4', () => {
    const t = transactionTimers();
    expect(t).toMatchObject({ t1: 500, t2: 4000, t4: 5000, reliable: false });
    expect([t.A, t.B, t.D, t.E, t.F, t.G, t.H, t.I, t.J, t.K, t.L, t.M]).toEqual([
      500, 32_000, 32_000, 500, 32_000, 500, 32_000, 5000, 32_000, 5000, 32_000, 32_000,
    ]);
  });

  it('drops A/E/G and zeroes D/I/J/K on reliable transports', () => {
    const t = transactionTimers({ reliable: true });
    expect([t.A, t.E, t.G]).toEqual([undefined, undefined, undefined]);
    expect([t.D, t.I, t.J, t.K]).toEqual([0, 0, 0, 0]);
    expect([t.B, t.F, t.H]).toEqual([32_000, 32_000, 32_000]);
  });

  it('scales the 64*T1 timers with T1 and keeps D at least 32 s', () => {
    const small = transactionTimers({ t1: 10, t2: 40, t4: 50 });
    expect([small.B, small.F, small.H, small.J, small.D, small.K, small.I]).toEqual([640, 640, 640, 640, 32_000, 50, 50]);
    expect(transactionTimers({ t1: 1000, t2: 4000 }).D).toBe(64_000);
  });

  it.each([
    [{ t1: 0 }, 't1'],
    [{ t2: -1 }, 't2'],
    [{ t4: Number.NaN }, 't4'],
    [{ t1: 500, t2: 100 }, 't2'],
  ])('rejects %o', (options, what) => {
    let caught: unknown;
    try {
      transactionTimers(options);
    } catch (e) {
      caught = e;
    }
    expect(isInvalidRangeError(caught)).toBe(true);
    expect((caught as { what: string }).what).toBe(what);
  });
});
