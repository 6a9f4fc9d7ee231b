import { describe, expect, it } from 'vitest';
import { cached, cacheOf } from './message-cache.js';
import type { SIPMessage } from './sip-message.js';

const msg = (): SIPMessage => ({ type: 'REQUEST', method: 'A', uri: 'sip:x', version: 'SIP/2.0', headers: [{ name: 'V', value: '1' }, { name: 'X-Y', value: '2' }], body: new Uint8Array() });

describe('message cache', () => {
  it('canonicalizes names once and computes each typed value once', () => {
    const m = msg();
    expect(cacheOf(m).names).toEqual(['via', 'x-y']);
    let calls = 0;
    const read = () => ++calls;
    expect([cached(m, 'k', read), cached(m, 'k', read), calls]).toEqual([1, 1, 1]);
  });

  it('is invisible: keys, JSON and spread copies do not carry it', () => {
    const m = msg();
    cached(m, 'k', () => 1);
    expect(Object.keys(m)).toEqual(['type', 'method', 'uri', 'version', 'headers', 'body']);
    expect(cached({ ...m }, 'k', () => 2)).toBe(2);
  });

  it('does not cache a failed read', () => {
    const m = msg();
    expect(() => cached(m, 'k', () => {
      throw new Error('x');
    })).toThrow('x');
    expect(cached(m, 'k', () => 3)).toBe(3);
  });

  it('works for frozen messages', () => {
    const m = Object.freeze(msg());
    expect([cached(m, 'k', () => 4), cached(m, 'k', () => 5)]).toEqual([4, 4]);
  });
});
