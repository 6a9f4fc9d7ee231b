import { describe, expect, it } from 'vitest';
import {
  InvalidRangeError,
  InvalidStateError,
  isInvalidRangeError,
  isInvalidStateError,
  isNoPortsAvailableError,
  isRTPParseError,
  NoPortsAvailableError,
  RTPParseError,
} from './errors.js';

describe('errors', () => {
  it('set name and code, and are told apart by their guards', () => {
    const all = [
      new RTPParseError('TOO_SHORT', 3, 'short', new Uint8Array(3)),
      new InvalidRangeError('BAD_DIGIT', 'x'),
      new InvalidStateError('STOPPED', 'y'),
      new NoPortsAvailableError('127.0.0.1', [10000, 10010]),
    ];
    expect(all.map((e) => e.name)).toEqual(['RTPParseError', 'InvalidRangeError', 'InvalidStateError', 'NoPortsAvailableError']);
    const guards = [isRTPParseError, isInvalidRangeError, isInvalidStateError, isNoPortsAvailableError];
    expect(all.map((e) => guards.map((g) => g(e)))).toEqual([
      [true, false, false, false],
      [false, true, false, false],
      [false, false, true, false],
      [false, false, false, true],
    ]);
    expect(new InvalidRangeError('BAD_FIELD', 'z')).toBeInstanceOf(RangeError);
  });

  it('recognise copies from another module instance by the Symbol.for marker', () => {
    const foreign = Object.assign(new Error('x'), { [Symbol.for('@voip/rtp/RTPParseError')]: true });
    expect(isRTPParseError(foreign)).toBe(true);
    expect(isRTPParseError(new Error('x'))).toBe(false);
    expect(isInvalidStateError(undefined)).toBe(false);
  });

  it('quote at most 32 octets of network input, as hex', () => {
    const e = new RTPParseError('BAD_PADDING', 100, 'bad', new Uint8Array(200).fill(0xab));
    expect(e.message).toBe(`bad at octet 100 of 200: …${'ab'.repeat(32)}…`);
    expect(e.offset).toBe(100);
  });

  it('say which ports were tried', () => {
    const cause = new Error('EADDRINUSE');
    const e = new NoPortsAvailableError('127.0.0.1', [10000, 10002], cause);
    expect(e.message).toMatch(/127\.0\.0\.1 in 10000-10002/);
    expect(e.cause).toBe(cause);
  });
});
